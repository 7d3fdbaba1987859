use super::*;
use rust_decimal::Decimal;

fn product(code: &str, name: &str, brand: &str, category: &str, price: i64) -> Product {
    Product {
        barcode: format!("69{code:0>11}"),
        brand: brand.into(),
        category: category.into(),
        origin: "上海".into(),
        ..Product::on_sale(code, name, "条", Decimal::new(price, 2))
    }
}

fn index(usual: &[&str]) -> SearchIndex {
    SearchIndex::build(
        vec![
            product("100001", "中华软 20支/包×10包", "中华", "卷烟", 25000),
            product("100002", "中华硬 20支/包×10包", "中华", "卷烟", 45000),
            product("100010", "玉溪软 20支/包×10包", "玉溪", "卷烟", 23000),
            product("200001", "可口可乐 330ml×24罐", "可口可乐", "饮料", 5600),
            product("200002", "华润怡宝饮用水 550ml×24瓶", "怡宝", "饮料", 2400),
            product("300001", "海天生抽 500ml×12瓶", "海天", "调味品", 9800),
        ],
        usual.iter().map(|s| s.to_string()).collect(),
    )
}

fn codes(index: &SearchIndex, text: &str) -> Vec<String> {
    index.search(&SearchQuery { text: text.into(), ..Default::default() }).into_iter().map(|p| p.code).collect()
}

#[test]
fn pinyin_initials_find_chinese_names() {
    let i = index(&[]);
    assert_eq!(codes(&i, "zhh"), ["100001", "100002"], "the domain brief's example");
    assert_eq!(codes(&i, "zhr"), ["100001"], "one letter per character");
    assert_eq!(codes(&i, "kkkl"), ["200001"]);
    assert_eq!(codes(&i, "yuxi"), ["100010"]);
    assert_eq!(codes(&i, "ZHH"), ["100001", "100002"], "case does not matter");
}

#[test]
fn one_and_two_character_chinese_substrings() {
    let i = index(&[]);
    assert_eq!(codes(&i, "华"), ["100001", "100002", "200002"]);
    assert_eq!(codes(&i, "中华"), ["100001", "100002"]);
    assert_eq!(codes(&i, "生抽"), ["300001"]);
    assert_eq!(codes(&i, "软 中华"), ["100001"], "every term must match");
    assert!(codes(&i, "茅台").is_empty());
}

#[test]
fn exact_code_then_prefix_then_usual_then_the_rest() {
    let i = index(&["100010"]);
    assert_eq!(codes(&i, "100001"), ["100001"]);
    assert_eq!(codes(&i, "1000"), ["100001", "100002", "100010"]);
    // The usual product comes before other matches of the same text.
    assert_eq!(codes(&i, "软"), ["100010", "100001"]);
    // An exact barcode finds its product.
    assert_eq!(codes(&i, "6900000200001"), ["200001"]);
}

#[test]
fn filters_and_sorts() {
    let i = index(&[]);
    let q = |f: fn(&mut SearchQuery)| {
        let mut q = SearchQuery::default();
        f(&mut q);
        i.search(&q).into_iter().map(|p| p.code).collect::<Vec<_>>()
    };
    assert_eq!(q(|q| q.category = Some("饮料".into())), ["200001", "200002"]);
    assert_eq!(q(|q| q.brand = Some("中华".into())), ["100001", "100002"]);
    assert_eq!(
        q(|q| {
            q.min_price = Some(Decimal::new(5000, 2));
            q.max_price = Some(Decimal::new(30000, 2))
        }),
        ["100001", "100010", "200001", "300001"]
    );
    assert_eq!(
        q(|q| {
            q.sort = SortOrder::PriceDescending;
            q.limit = 2
        }),
        ["100002", "100001"]
    );
    assert_eq!(
        q(|q| {
            q.sort = SortOrder::PriceAscending;
            q.limit = 2
        }),
        ["200002", "200001"]
    );
}

#[test]
fn a_query_never_matches_across_fields() {
    let i = index(&[]);
    // "1中" would only exist by gluing the code's last digit to the name.
    assert!(codes(&i, "1中").is_empty());
}

#[test]
fn intersect_by_merge_and_by_search_agree() {
    let a: Vec<u32> = (0..100).map(|x| x * 3).collect();
    let b: Vec<u32> = (0..100).map(|x| x * 2).collect();
    let long: Vec<u32> = (0..10_000).map(|x| x * 2).collect();
    let expect: Vec<u32> = (0..100).map(|x| x * 6).filter(|x| *x < 200).collect();
    assert_eq!(super::grams::intersect(&a, &b), expect);
    let expect_long: Vec<u32> = a.iter().copied().filter(|x| x % 2 == 0).collect();
    assert_eq!(super::grams::intersect(&a, &long), expect_long);
}

#[test]
fn best_sellers_come_after_codes_and_usual_products() {
    let mut products = vec![
        product("100001", "中华软", "中华", "卷烟", 25000),
        product("100002", "中华硬", "中华", "卷烟", 45000),
        product("100003", "中华金", "中华", "卷烟", 50000),
    ];
    products[1].sales = 900;
    products[2].sales = 40;
    let index = SearchIndex::build(products, ["100003".to_string()].into());
    let codes = |q: SearchQuery| index.search(&q).into_iter().map(|p| p.code).collect::<Vec<_>>();
    let text = |t: &str, sort| SearchQuery { text: t.into(), sort, ..Default::default() };
    assert_eq!(codes(text("中华", SortOrder::Relevance)), ["100003", "100002", "100001"], "usual, then by sales");
    assert_eq!(codes(text("100001", SortOrder::Relevance))[0], "100001", "an exact code still comes first");
    assert_eq!(codes(text("", SortOrder::Sales)), ["100002", "100003", "100001"]);
}

#[test]
fn an_exact_barcode_ranks_first_only_as_stored() {
    let mut typed = product("100001", "中华软", "中华", "卷烟", 25000);
    typed.barcode = "AB100".into();
    let mut named = product("100002", "礼盒 ab100", "中华", "卷烟", 25000);
    named.sales = 5;
    let mut stored = product("100003", "玉溪", "玉溪", "卷烟", 23000);
    stored.barcode = "ab100".into();
    let index = SearchIndex::build(vec![typed, named, stored], ["100002".to_string()].into());
    // All three are found by `ab100`; only the one stored that way is an exact barcode, and the
    // usual product comes before the one whose barcode differs in case.
    assert_eq!(codes(&index, "AB100"), ["100003", "100002", "100001"]);
}
