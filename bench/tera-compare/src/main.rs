//! Renders the same article template (blocks in a loop with if/elif on their
//! kind, an include per block, escaping, a join) with Tera 1 and Tera 2, and
//! shows what each says about a syntax error and an undefined variable.
//! `cargo run --release` in this folder; gazette chose Tera 2 on these figures.

use std::time::Instant;

use serde::Serialize;

const BASE: &str = "<html><head><title>{{ page.title }}</title></head><body>{% block content %}{% endblock content %}</body></html>";
const ARTICLE: &str = r#"{% extends "base.html" %}{% block content %}<article><h1>{{ article.title }}</h1>
<p class="byline">By {{ article.authors | join(sep=" and ") }}</p>
{% for block in article.blocks %}{% include "block.html" %}{% endfor %}
<ul>{% for t in article.topics %}<li><a href="{{ t.url }}">{{ t.text }}</a></li>{% endfor %}</ul></article>{% endblock content %}"#;
const BLOCK: &str = r#"{% if block.kind == "paragraph" %}<p>{{ block.text }}</p>{% elif block.kind == "figure" %}<figure><figcaption>{{ block.caption }} <span>{{ block.credit }}</span></figcaption></figure>{% elif block.kind == "related" %}<aside><ul>{% for item in block.items %}<li>{% if item.url %}<a href="{{ item.url }}">{{ item.text }}</a>{% else %}{{ item.text }}{% endif %}</li>{% endfor %}</ul></aside>{% endif %}"#;

#[derive(Serialize)]
struct Link {
    text: String,
    url: Option<String>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Block {
    Paragraph { text: String },
    Figure { caption: String, credit: String },
    Related { items: Vec<Link> },
}

#[derive(Serialize)]
struct Article {
    title: String,
    authors: Vec<String>,
    blocks: Vec<Block>,
    topics: Vec<Link>,
}

fn article(n: usize) -> Article {
    let mut blocks = Vec::new();
    for i in 0..25 {
        blocks.push(Block::Paragraph { text: format!("Paragraph {i} of article {n}, with \"quotes\" & <angles> to escape, about the harbour works and the ferry timetable. ").repeat(2) });
        if i % 8 == 3 {
            blocks.push(Block::Figure { caption: format!("A caption {i}"), credit: "Jo Bloggs/Agency".into() });
        }
        if i == 10 {
            blocks.push(Block::Related { items: (0..3).map(|k| Link { text: format!("Headline {k}"), url: (k != 2).then(|| format!("/articles/h{k}/")) }).collect() });
        }
    }
    Article {
        title: format!("Article number {n}"),
        authors: vec!["Ann Smith".into(), "Bob Jones".into()],
        blocks,
        topics: (0..3).map(|k| Link { text: format!("Topic {k}"), url: Some(format!("/topics/t{k}/")) }).collect(),
    }
}

fn main() {
    let pages = 2000;
    let articles: Vec<Article> = (0..pages).map(article).collect();

    let mut t1 = tera1::Tera::default();
    t1.add_raw_templates(vec![("base.html", BASE), ("article.html", ARTICLE), ("block.html", BLOCK)]).unwrap();
    let mut t2 = tera2::Tera::new();
    t2.autoescape_on(vec![".html"]);
    t2.add_raw_templates(vec![("base.html", BASE), ("article.html", ARTICLE), ("block.html", BLOCK)]).unwrap();

    let page = serde_json_like_title();
    let started = Instant::now();
    let mut bytes1 = 0;
    for a in &articles {
        let mut ctx = tera1::Context::new();
        ctx.insert("page", &page);
        ctx.insert("article", a);
        bytes1 += t1.render("article.html", &ctx).unwrap().len();
    }
    let v1 = started.elapsed();
    let started = Instant::now();
    let mut bytes2 = 0;
    for a in &articles {
        let mut ctx = tera2::Context::new();
        ctx.insert("page", &page);
        ctx.insert("article", a);
        bytes2 += t2.render("article.html", &ctx).unwrap().len();
    }
    let v2 = started.elapsed();
    println!("render {pages} article pages (context built and rendered, one thread):");
    println!("  tera 1: {:7.1} ms ({:.1} µs/page, {} bytes)", v1.as_secs_f64() * 1e3, v1.as_secs_f64() * 1e6 / pages as f64, bytes1);
    println!("  tera 2: {:7.1} ms ({:.1} µs/page, {} bytes)", v2.as_secs_f64() * 1e3, v2.as_secs_f64() * 1e6 / pages as f64, bytes2);
    println!("  tera 2 / tera 1 = {:.2}", v2.as_secs_f64() / v1.as_secs_f64());

    let broken = "{% extends \"base.html\" %}{% block content %}\n<p>ok</p>\n{% if %}\n{% endblock content %}";
    println!("\nsyntax error on line 3:");
    let mut e1 = tera1::Tera::default();
    println!("--- tera 1:\n{}", error_chain(&e1.add_raw_templates(vec![("base.html", BASE), ("topic.html", broken)]).unwrap_err()));
    let mut e2 = tera2::Tera::new();
    println!("--- tera 2:\n{}", e2.add_raw_templates(vec![("base.html", BASE), ("topic.html", broken)]).unwrap_err());

    let undefined = "{% extends \"base.html\" %}{% block content %}\n<p>ok</p>\n{{ article.nope.deeper }}\n{% endblock content %}";
    println!("\nundefined variable on line 3:");
    let mut u1 = tera1::Tera::default();
    u1.add_raw_templates(vec![("base.html", BASE), ("topic.html", undefined)]).unwrap();
    let mut ctx1 = tera1::Context::new();
    ctx1.insert("page", &page);
    ctx1.insert("article", &articles[0]);
    println!("--- tera 1:\n{}", error_chain(&u1.render("topic.html", &ctx1).unwrap_err()));
    let mut u2 = tera2::Tera::new();
    u2.add_raw_templates(vec![("base.html", BASE), ("topic.html", undefined)]).unwrap();
    let mut ctx2 = tera2::Context::new();
    ctx2.insert("page", &page);
    ctx2.insert("article", &articles[0]);
    println!("--- tera 2:\n{}", u2.render("topic.html", &ctx2).unwrap_err());
}

fn serde_json_like_title() -> std::collections::BTreeMap<&'static str, &'static str> {
    std::collections::BTreeMap::from([("title", "A page")])
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    out
}
