//! Markdown articles (docs/content.md, "Markdown").

use super::*;

#[test]
fn md_file_is_markdown_with_tables_footnotes_and_strikethrough() {
    let text = concat!(
        "# Tide tables for the week\n",
        "\n",
        "High water comes *early* on ~~Monday~~ Tuesday.[^1]\n",
        "\n",
        "| Day | High water |\n",
        "| --- | --- |\n",
        "| Tue | 06:10 |\n",
        "\n",
        "[^1]: Times are local.\n",
    );
    let a = article_at("content/tides.md", text);
    assert_eq!(a.title, "Tide tables for the week");
    assert!(!a.title_derived);
    assert_eq!(a.lead, "High water comes early on Monday Tuesday.");
    let [Block::Html(html)] = a.blocks.as_slice() else { panic!("expected one HTML block, got {:?}", a.blocks) };
    assert!(!html.contains("Tide tables"), "{html}");
    assert!(html.contains("<em>early</em>"), "{html}");
    assert!(html.contains("<del>Monday</del>"), "{html}");
    assert!(html.contains("<table>") && html.contains("<td>06:10</td>"), "{html}");
    assert!(html.contains("footnote-definition"), "{html}");
}

#[test]
fn markdown_heading_is_the_title_only_without_a_front_matter_title() {
    let a = article_at("content/notes.md", "# Quay notes\n\nThe café opens at nine.\n");
    assert_eq!(a.title, "Quay notes");
    assert_eq!(a.blocks, vec![Block::Html("<p>The café opens at nine.</p>\n".into())]);

    let a = article_at(
        "content/notes.md",
        "+++\ntitle = \"Notes from the quay\"\n+++\n# Quay notes\n\nThe café opens at nine.\n",
    );
    assert_eq!(a.title, "Notes from the quay");
    assert_eq!(a.blocks, vec![Block::Html("<h1>Quay notes</h1>\n<p>The café opens at nine.</p>\n".into())]);
}
