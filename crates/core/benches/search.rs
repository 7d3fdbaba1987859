//! Search p50/p95 over 100,000 generated products: the in-memory index against a `LIKE '%q%'` scan
//! of the same products in SQLite, in the same run. `cargo bench -p restock-core --bench search`

use restock_core::catalogue::search::{SearchIndex, SearchQuery};
use restock_protocol::catalogue::Product;
use rust_decimal::Decimal;
use std::time::{Duration, Instant};

const PRODUCTS: usize = 100_000;
const ROUNDS: usize = 30;

const BRANDS: &[&str] = &[
    "中华",
    "玉溪",
    "红塔山",
    "黄鹤楼",
    "芙蓉王",
    "利群",
    "南京",
    "云烟",
    "农夫山泉",
    "康师傅",
    "统一",
    "娃哈哈",
    "怡宝",
    "元气森林",
    "可口可乐",
    "百事",
    "王老吉",
    "青岛啤酒",
    "雪花",
    "燕京",
    "茅台",
    "五粮液",
    "洋河",
    "汾酒",
    "伊利",
    "蒙牛",
    "光明",
    "旺旺",
    "达利园",
    "洽洽",
    "三只松鼠",
    "良品铺子",
    "海天",
    "老干妈",
    "李锦记",
    "金龙鱼",
    "福临门",
    "鲁花",
    "蓝月亮",
    "立白",
    "舒肤佳",
    "高露洁",
    "心相印",
    "维达",
    "清风",
    "好丽友",
    "乐事",
    "徐福记",
    "太太乐",
    "厨邦",
];
const ITEMS: &[&str] = &[
    "软",
    "硬",
    "细支",
    "典藏",
    "饮用天然水",
    "冰红茶",
    "绿茶",
    "橙汁",
    "苏打水",
    "气泡水",
    "乌龙茶",
    "纯生",
    "经典",
    "纯牛奶",
    "酸奶",
    "雪饼",
    "小面包",
    "瓜子",
    "坚果",
    "薯片",
    "生抽",
    "老抽",
    "蚝油",
    "辣椒酱",
    "大豆油",
    "花生油",
    "洗衣液",
    "牙膏",
    "抽纸",
    "卷纸",
    "洗手液",
    "沐浴露",
    "洗发水",
    "饼干",
    "糖果",
    "鸡精",
    "料酒",
    "香醋",
    "挂面",
    "大米",
];
const SPECS: &[&str] = &["20支/包×10包", "550ml×24瓶", "1.5L×12瓶", "330ml×24罐", "500ml×12瓶", "250ml×24盒", "84g×20袋", "5L×4桶"];

fn generate() -> Vec<Product> {
    (0..PRODUCTS)
        .map(|n| {
            let brand = BRANDS[n % BRANDS.len()];
            let item = ITEMS[(n / BRANDS.len()) % ITEMS.len()];
            let spec = SPECS[(n / (BRANDS.len() * ITEMS.len())) % SPECS.len()];
            let series = n / (BRANDS.len() * ITEMS.len() * SPECS.len());
            let price = 500 + (n as i64 * 7919) % 90_000;
            let name = format!("{brand}{item}{} {spec}", if series == 0 { String::new() } else { format!("{series}号") });
            Product {
                barcode: format!("69{:011}", n as u64 * 104_729 % 100_000_000_000),
                brand: brand.into(),
                category: "综合".into(),
                origin: "浙江杭州".into(),
                specification: spec.into(),
                ..Product::on_sale(format!("{}", 1_000_000 + n), name, "箱", Decimal::new(price, 2))
            }
        })
        .collect()
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

/// Resident memory (Linux), to see what the index costs.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let products = generate();
    let queries = ["中华", "华", "zhh", "可乐", "kkkl", "1012", "1050321", "550ml", "软 中华", "怡宝", "洗衣液", "xyz"];

    let resident = resident_bytes();
    let started = Instant::now();
    let index = SearchIndex::build(products.clone(), Default::default());
    let build = started.elapsed();
    let index_bytes = resident_bytes().zip(resident).map(|(after, before)| after.saturating_sub(before));

    let dir = tempfile::tempdir().unwrap();
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("bench.sqlite")).create_if_missing(true))
        .await
        .unwrap();
    sqlx::query("CREATE TABLE products (code TEXT PRIMARY KEY, barcode TEXT, name TEXT, brand TEXT, body TEXT)")
        .execute(&pool)
        .await
        .unwrap();
    let mut tx = pool.begin().await.unwrap();
    for p in &products {
        sqlx::query("INSERT INTO products VALUES ($1, $2, $3, $4, $5)")
            .bind(&p.code)
            .bind(&p.barcode)
            .bind(&p.name)
            .bind(&p.brand)
            .bind(serde_json::to_string(p).unwrap())
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let (mut indexed, mut scanned) = (Vec::new(), Vec::new());
    let mut per_query: Vec<(Vec<Duration>, Vec<Duration>, usize)> = vec![(Vec::new(), Vec::new(), 0); queries.len()];
    let mut hits = 0usize;
    for _ in 0..ROUNDS {
        for (n, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let found = index.search(&SearchQuery { text: q.to_string(), limit: 200, ..Default::default() });
            indexed.push(t.elapsed());
            per_query[n].0.push(t.elapsed());
            per_query[n].2 = found.len();
            hits += found.len();

            // The scan the index replaces: the same columns, the same limit, bodies parsed the same way.
            let like = format!("%{q}%");
            let t = Instant::now();
            let bodies: Vec<String> = sqlx::query_scalar(
                "SELECT body FROM products WHERE code LIKE $1 OR barcode LIKE $1 OR name LIKE $1 OR brand LIKE $1 ORDER BY code LIMIT 200",
            )
            .bind(&like)
            .fetch_all(&pool)
            .await
            .unwrap();
            let parsed: Vec<Product> = bodies.iter().map(|b| serde_json::from_str(b).unwrap()).collect();
            scanned.push(t.elapsed());
            per_query[n].1.push(t.elapsed());
            std::hint::black_box(parsed);
        }
    }
    let (i50, i95) = (percentile(&mut indexed, 0.50), percentile(&mut indexed, 0.95));
    let (s50, s95) = (percentile(&mut scanned, 0.50), percentile(&mut scanned, 0.95));
    println!("{:<10} {:>8} {:>12} {:>12}", "query", "results", "index p50", "LIKE p50");
    for (q, (mut i, mut l, n)) in queries.iter().zip(per_query) {
        println!("{q:<10} {n:>8} {:>9.3} ms {:>9.3} ms", ms(percentile(&mut i, 0.5)), ms(percentile(&mut l, 0.5)));
    }
    println!("products: {PRODUCTS}, queries: {} x {ROUNDS} rounds, results returned by the index: {hits}", queries.len());
    println!("index build: {:.0} ms", ms(build));
    if let Some(bytes) = index_bytes {
        println!("index memory: {:.0} MiB (resident growth over the build, its copy of the products included)", bytes as f64 / 1048576.0);
    }
    println!("index:        p50 {:.3} ms   p95 {:.3} ms", ms(i50), ms(i95));
    println!("LIKE scan:    p50 {:.3} ms   p95 {:.3} ms", ms(s50), ms(s95));
    println!("speed-up:     p50 {:.0}x   p95 {:.0}x", ms(s50) / ms(i50), ms(s95) / ms(i95));
}
