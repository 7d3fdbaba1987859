//! A 300-line past order turned into a checked, repriced cart (再来一单): the new cart with every
//! line priced from the local catalogue and checked with the hub's quantity rules, plus the review
//! of what changed since. Against a real hub in-process. `cargo bench -p restock-core --bench reorder`

mod common;

use std::time::{Duration, Instant};

const LINES: usize = 300;
const RUNS: usize = 30;

#[tokio::main]
async fn main() {
    let bench = common::demo_desk().await;
    let desk = &bench.desk;
    let products: Vec<_> = desk
        .search("", 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.status == restock_protocol::catalogue::ProductStatus::OnSale)
        .take(LINES)
        .collect();
    for p in &products {
        desk.set_cart_quantity(&p.code, p.rules.pack_multiple.max(p.rules.min_per_order)).await.unwrap();
    }
    let past = desk.submit_cart().await.unwrap();
    assert_eq!(past.lines.len(), LINES);

    let mut samples: Vec<Duration> = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let cart = desk.reorder(past.order_id).await.unwrap();
        let review = desk.accept_review().await.unwrap();
        samples.push(started.elapsed());
        assert_eq!((cart.cart.line_count as usize, review.line_count as usize), (LINES, LINES));
    }
    samples.sort();
    // The cart view alone (priced, allotted, promotions, warnings), which both steps end with.
    let mut views: Vec<Duration> = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        desk.cart().await.unwrap();
        views.push(started.elapsed());
    }
    views.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("the {LINES}-line cart view alone: p50 {:.1} ms", ms(views[RUNS / 2]));
    println!("reorder of a {LINES}-line order into a checked, repriced cart, {RUNS} runs:");
    println!("p50 {:.1} ms   p95 {:.1} ms   max {:.1} ms", ms(samples[RUNS / 2]), ms(samples[RUNS * 95 / 100]), ms(samples[RUNS - 1]));
}
