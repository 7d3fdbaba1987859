//! A real desk behind a faulty proxy in front of a real hub: the proxy lets the hub commit each
//! order, then answers the desk as a load balancer on a bad day would (an HTML 504 or 502 page, a
//! cut connection, a long silence and then a cut). Whatever the desk hears, each cart becomes
//! exactly one order on the hub.

use restock_core::accounts::credentials::{CredentialStore, MemoryOnly};
use restock_core::Desk;
use restock_hub::demo::{self, DemoSize};
use restock_protocol::ErrorCode;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What the proxy does with the hub's answer to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// A load balancer's timeout page: HTML, status 504.
    GatewayTimeoutPage,
    /// A load balancer's page for a bad upstream: HTML, status 502.
    BadGatewayPage,
    /// The connection is cut without a word.
    Cut,
    /// Nothing for a while, then the connection is cut (a hang the client gives up on).
    SilenceThenCut,
    /// The hub's own answer, as it is.
    Pass,
}

const FAULTS: [Fault; 4] = [Fault::GatewayTimeoutPage, Fault::BadGatewayPage, Fault::Cut, Fault::SilenceThenCut];

/// Decides, per order request the hub has answered, what the desk gets instead.
struct Schedule {
    /// The fault for each next order request; `Pass` once empty.
    next: Mutex<std::collections::VecDeque<Fault>>,
    orders_seen: AtomicUsize,
}

impl Schedule {
    fn take(&self) -> Fault {
        self.orders_seen.fetch_add(1, Ordering::SeqCst);
        self.next.lock().unwrap().pop_front().unwrap_or(Fault::Pass)
    }
}

/// One HTTP/1.1 request as the desk sent it: the head and the body (the desk sends JSON bodies with
/// a length, never chunked).
async fn read_request(client: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((head, body))
}

/// Forwards one request to the hub and waits for its whole answer, so the hub has committed
/// whatever it did before the desk hears anything.
async fn forward(http: &reqwest::Client, upstream: SocketAddr, head: &str, body: Vec<u8>) -> (u16, String, Vec<u8>) {
    let mut lines = head.lines();
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = reqwest::Method::from_bytes(request_line.next().unwrap_or("GET").as_bytes()).unwrap();
    let path = request_line.next().unwrap_or("/");
    let mut request = http.request(method, format!("http://{upstream}{path}")).body(body);
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            // The proxy speaks to the hub on its own connection, uncompressed.
            if !matches!(name.as_str(), "host" | "content-length" | "connection" | "accept-encoding" | "") {
                request = request.header(name, value.trim());
            }
        }
    }
    let response = request.send().await.expect("the hub answers the proxy");
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("application/octet-stream").to_owned();
    (status, content_type, response.bytes().await.unwrap().to_vec())
}

async fn answer(client: &mut TcpStream, status: u16, content_type: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or(""),
        body.len()
    );
    let _ = client.write_all(head.as_bytes()).await;
    let _ = client.write_all(body).await;
    let _ = client.shutdown().await;
}

const TIMEOUT_PAGE: &str = "<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center><hr><center>nginx</center></body></html>";
const BAD_GATEWAY_PAGE: &str = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

/// Serves on a port of its own, one request per connection; order requests get `schedule`'s faults.
async fn faulty_proxy(upstream: SocketAddr, schedule: Arc<Schedule>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let http = reqwest::Client::builder().no_gzip().build().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut client, _)) = listener.accept().await else { return };
            let (http, schedule) = (http.clone(), schedule.clone());
            tokio::spawn(async move {
                let Some((head, body)) = read_request(&mut client).await else { return };
                let is_order = head.starts_with("POST /api/v1/orders ");
                let (status, content_type, body) = forward(&http, upstream, &head, body).await;
                match if is_order { schedule.take() } else { Fault::Pass } {
                    Fault::Pass => answer(&mut client, status, &content_type, &body).await,
                    Fault::GatewayTimeoutPage => answer(&mut client, 504, "text/html", TIMEOUT_PAGE.as_bytes()).await,
                    Fault::BadGatewayPage => answer(&mut client, 502, "text/html", BAD_GATEWAY_PAGE.as_bytes()).await,
                    Fault::Cut => drop(client),
                    Fault::SilenceThenCut => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        drop(client);
                    }
                }
            });
        }
    });
    addr
}

async fn orders_on_hub(db: &restock_hub::db::Db) -> Vec<(String, String, i64)> {
    sqlx::query_as(
        "SELECT o.order_id, l.product_code, l.quantity FROM orders o JOIN order_lines l ON l.order_id = o.order_id ORDER BY o.order_id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_submissions_behind_a_faulty_proxy_make_one_order_per_cart() {
    const CARTS: usize = 250;
    let hub = restock_testkit::start_sqlite(DemoSize { products: 300, customers: 3 }).await;
    let db = hub.db.clone();
    // Money, stock and allocations are other tests' business: here every order fits.
    for unlimited in
        ["UPDATE customers SET prepaid_balance_fen = NULL, credit_limit_fen = NULL", "DELETE FROM stock", "DELETE FROM allocations"]
    {
        sqlx::query(unlimited).execute(&db.pool).await.unwrap();
    }
    let before = orders_on_hub(&db).await.len();
    let hub_addr = hub.addr;

    // Each cart's first three submissions are answered with a fault, the fourth with the hub's answer.
    let schedule = Arc::new(Schedule { next: Mutex::new(Default::default()), orders_seen: AtomicUsize::new(0) });
    let proxy = faulty_proxy(hub_addr, schedule.clone()).await;
    let desk_dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(desk_dir.path(), Arc::new(MemoryOnly::default()) as Arc<dyn CredentialStore>).await.unwrap();
    desk.login(&format!("http://{proxy}"), demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
    desk.sync_catalogue().await.unwrap();
    let products = desk.search("1000", 50).await.unwrap();
    let products: Vec<_> = products.iter().filter(|p| p.status == restock_protocol::catalogue::ProductStatus::OnSale).take(10).collect();

    let mut wanted: HashMap<String, (String, i64)> = HashMap::new();
    let mut faults_heard: HashMap<ErrorCode, usize> = HashMap::new();
    for cart in 0..CARTS {
        let product = products[cart % products.len()];
        let quantity = product.rules.pack_multiple.max(product.rules.min_per_order) * (1 + (cart as u32 % 4));
        desk.new_cart(&format!("cart {cart}")).await.unwrap();
        desk.set_cart_quantity(&product.code, quantity).await.unwrap();
        schedule.next.lock().unwrap().extend((0..3).map(|k| FAULTS[(cart + k) % FAULTS.len()]));
        let order = loop {
            match desk.submit_cart().await {
                Ok(order) => break order,
                Err(e) => {
                    assert!(e.verdict_on_order().is_none(), "cart {cart}: a fault is not a refusal: {e}");
                    *faults_heard.entry(e.code()).or_default() += 1;
                }
            }
        };
        assert_eq!(desk.cart().await.unwrap().line_count, 0, "cart {cart}: what was ordered left the cart");
        wanted.insert(order.order_id.to_string(), (product.code.clone(), i64::from(quantity)));
    }

    assert_eq!(schedule.orders_seen.load(Ordering::SeqCst), CARTS * 4, "every cart was submitted four times");
    assert_eq!(faults_heard.values().sum::<usize>(), CARTS * 3);
    let on_hub = orders_on_hub(&db).await;
    assert_eq!(on_hub.len() - before, CARTS, "one order per cart, not one per submission");
    assert_eq!(faults_heard.get(&ErrorCode::HubIncompatible), None, "a proxy's page is not taken for the hub's answer: {faults_heard:?}");
    for (order_id, product_code, quantity) in &on_hub[..] {
        if let Some(want) = wanted.get(order_id) {
            assert_eq!(want, &(product_code.clone(), *quantity), "order {order_id} holds its cart's line");
        }
    }
    assert_eq!(on_hub.iter().filter(|(id, _, _)| wanted.contains_key(id)).count(), CARTS);
    assert!(desk.queued_orders().await.unwrap().is_empty(), "nothing is left waiting");
}
