//! The shape of every URL of the site, as site paths (`/topics/x/`; the
//! base path is put in front when a page links to them). The index computes
//! each URL once with these; everything else reads them from the [`Site`].
//!
//! [`Site`]: super::Site

pub const HOME: &str = "/";
pub const TOPICS: &str = "/topics/";
pub const AUTHORS: &str = "/authors/";
pub const ARCHIVE: &str = "/archive/";
pub const SEARCH: &str = "/search/";
pub const NOT_FOUND: &str = "/404.html";
/// The site's Atom feed.
pub const FEED: &str = "/atom.xml";
pub const SITEMAP: &str = "/sitemap.xml";

/// Site paths that no article may take.
pub const RESERVED: [&str; 5] = [HOME, TOPICS, AUTHORS, ARCHIVE, SEARCH];

pub fn topic(slug: &str) -> String {
    format!("{TOPICS}{slug}/")
}

pub fn author(slug: &str) -> String {
    format!("{AUTHORS}{slug}/")
}

/// A section's listing, at the top of the site: `/world/`.
pub fn section(slug: &str) -> String {
    format!("/{slug}/")
}

pub fn year(year: i32) -> String {
    format!("{ARCHIVE}{year:04}/")
}

pub fn month(year: i32, month: u8) -> String {
    format!("{ARCHIVE}{year:04}/{month:02}/")
}

pub fn day(date: crate::date::Date) -> String {
    format!("{ARCHIVE}{:04}/{:02}/{:02}/", date.year, date.month, date.day)
}

/// The JSON Feed of the listing at `base`: `/topics/x/feed.json`.
pub fn json_feed(base: &str) -> String {
    format!("{base}feed.json")
}

/// The Atom feed of the listing at `base`: `/topics/x/atom.xml`.
pub fn feed(base: &str) -> String {
    format!("{base}atom.xml")
}

/// Page `number` of the listing at `base`: the listing itself, then
/// `{base}page/2/`…
pub fn page(base: &str, number: usize) -> String {
    if number <= 1 { base.to_string() } else { format!("{base}page/{number}/") }
}

/// Number of pages a listing of `n` items needs (at least one).
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(topic("calais"), "/topics/calais/");
        assert_eq!(month(2021, 3), "/archive/2021/03/");
        assert_eq!(page("/archive/", 1), "/archive/");
        assert_eq!(page("/archive/", 3), "/archive/page/3/");
        assert_eq!(feed("/topics/x/"), "/topics/x/atom.xml");
    }

    #[test]
    fn pagination_counts() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
    }
}
