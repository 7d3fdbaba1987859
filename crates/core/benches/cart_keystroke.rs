//! The core's share of a keystroke in the order grid: `Desk::set_cart_quantity` on a 500-line cart
//! (one durable write, then the whole cart viewed again), beside the view alone and the write's
//! commit alone, so the app's keystroke figure can be split. Against a real hub in-process.
//! `cargo bench -p restock-core --bench cart_keystroke`

mod common;

use std::time::{Duration, Instant};

const LINES: usize = 500;
const RUNS: usize = 60;

fn summary(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("{name:<44} p50 {:>6.2} ms   p95 {:>6.2} ms   max {:>6.2} ms", ms(at(0.5)), ms(at(0.95)), ms(at(1.0)));
}

#[tokio::main]
async fn main() {
    let bench = common::demo_desk().await;
    let desk = &bench.desk;
    desk.home_status().await.unwrap();
    let products: Vec<_> = desk
        .search("", 2000)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| {
            p.status == restock_protocol::catalogue::ProductStatus::OnSale && p.rules.pack_multiple == 1 && p.rules.min_per_order <= 1
        })
        .take(LINES)
        .collect();
    assert_eq!(products.len(), LINES);
    let lines: Vec<(String, u32)> = products.iter().map(|p| (p.code.clone(), 1)).collect();
    let list = lines.iter().map(|(c, q)| format!("{c} {q}")).collect::<Vec<_>>().join("\n");
    desk.import_list("500 行", &list).await.unwrap();

    let mut keystrokes = Vec::new();
    for run in 0..RUNS {
        let code = &products[run % LINES].code;
        let started = Instant::now();
        let cart = desk.set_cart_quantity(code, 2 + (run as u32 % 8)).await.unwrap();
        keystrokes.push(started.elapsed());
        assert_eq!(cart.line_count as usize, LINES);
    }
    let mut views = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        desk.cart().await.unwrap();
        views.push(started.elapsed());
    }
    let mut json = Vec::new();
    let cart = desk.cart().await.unwrap();
    for _ in 0..RUNS {
        let started = Instant::now();
        let bytes = serde_json::to_vec(&cart).unwrap();
        json.push(started.elapsed());
        assert!(bytes.len() > 100_000);
    }
    println!("{LINES}-line cart, {RUNS} runs each:");
    summary("set_cart_quantity (durable write + view)", keystrokes);
    summary("the cart view alone", views);
    summary("the view serialised to JSON", json);
}
