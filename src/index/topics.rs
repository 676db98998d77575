//! Topics and authors: names merged when they differ only in case or
//! spacing, each shown with its most frequent spelling and a unique slug.
//! Authors also keep the roles their bylines give them.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Author, Topic, urls};
use crate::config::Config;
use crate::model::Article;
use crate::slug::{fold_topic, slugify};

/// Names merged across articles.
struct Merged {
    /// Each name: its folded key, its spelling and its slug, in the order of
    /// `sort_key`.
    names: Vec<(String, String, String)>,
    /// The names of each article, by index into `names`, in its order.
    of_article: Vec<Vec<usize>>,
}

/// Merges the names `names_of` gives each article: names that differ only
/// in case or spacing are one, spelled as most articles spell it (ties:
/// the first seen, by path), with a slug of its own (`fallback` when the
/// name has nothing to slugify), sorted by `sort_key`.
fn merge<'a>(
    articles: &'a [Article],
    names_of: impl Fn(&'a Article) -> &'a [String],
    fallback: &str,
    sort_key: impl Fn(&str) -> String,
) -> Merged {
    struct Spellings {
        first_seen: usize,
        counts: BTreeMap<String, (usize, usize)>, // spelling -> (count, first seen)
    }
    let mut by_key: HashMap<String, Spellings> = HashMap::new();
    let mut seen = 0;
    let article_keys: Vec<Vec<String>> = articles
        .iter()
        .map(|a| {
            let mut keys: Vec<String> = Vec::new();
            let mut seen_here = HashSet::new();
            for name in names_of(a) {
                let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                let key = fold_topic(&name);
                if key.is_empty() || !seen_here.insert(key.clone()) {
                    continue;
                }
                seen += 1;
                let entry = by_key
                    .entry(key.clone())
                    .or_insert_with(|| Spellings { first_seen: seen, counts: BTreeMap::new() });
                entry.counts.entry(name).or_insert((0, seen)).0 += 1;
                keys.push(key);
            }
            keys
        })
        .collect();

    let mut named: Vec<(String, String)> = by_key
        .iter()
        .map(|(key, s)| {
            let best = s.counts.iter().max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1))).map(|(n, _)| n.clone());
            (key.clone(), best.unwrap_or_default())
        })
        .collect();
    // Slugs are given in key order, so that who gets `-2` does not depend
    // on the sort.
    named.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| by_key[&a.0].first_seen.cmp(&by_key[&b.0].first_seen)));
    let mut slugs_taken = HashSet::new();
    let mut names: Vec<(String, String, String)> = named
        .into_iter()
        .map(|(key, name)| {
            let base = Some(slugify(&name)).filter(|s| !s.is_empty()).unwrap_or_else(|| fallback.to_string());
            let mut slug = base.clone();
            let mut n = 2;
            while !slugs_taken.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            (key, name, slug)
        })
        .collect();
    names.sort_by(|a, b| sort_key(&a.1).cmp(&sort_key(&b.1)).then_with(|| a.2.cmp(&b.2)));
    let id_of: HashMap<&str, usize> = names.iter().enumerate().map(|(k, (key, _, _))| (key.as_str(), k)).collect();
    let of_article = article_keys.iter().map(|keys| keys.iter().map(|k| id_of[k.as_str()]).collect()).collect();
    Merged { names, of_article }
}

/// Topics sorted by name, case-insensitively, each with its articles newest
/// first; and the topics of each article.
pub(super) fn topics(config: &Config, articles: &[Article], newest_first: &[usize]) -> (Vec<Topic>, Vec<Vec<usize>>) {
    let merged = merge(articles, |a| &a.topics, "topic", str::to_lowercase);
    let mut topics: Vec<Topic> = merged
        .names
        .into_iter()
        .map(|(key, name, slug)| Topic {
            description: config.topic_descriptions.get(&key).cloned(),
            name,
            url: urls::topic(&slug),
            slug,
            articles: Vec::new(),
        })
        .collect();
    for &i in newest_first {
        for &t in &merged.of_article[i] {
            topics[t].articles.push(i);
        }
    }
    (topics, merged.of_article)
}

/// Authors sorted by surname (then the whole name), each with its articles
/// newest first and the roles its bylines give, most frequent first; and
/// the authors of each article.
pub(super) fn authors(articles: &[Article], newest_first: &[usize]) -> (Vec<Author>, Vec<Vec<usize>>) {
    let merged = merge(
        articles,
        |a| &a.authors,
        "author",
        |name| {
            let lower = name.to_lowercase();
            let surname = lower.rsplit(' ').next().unwrap_or("").to_string();
            format!("{surname}\u{0}{lower}")
        },
    );
    let mut authors: Vec<Author> = merged
        .names
        .into_iter()
        .map(|(_, name, slug)| Author { name, url: urls::author(&slug), slug, articles: Vec::new(), roles: Vec::new() })
        .collect();
    let mut roles: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); authors.len()];
    for &i in newest_first {
        for &a in &merged.of_article[i] {
            authors[a].articles.push(i);
            if let Some(role) = articles[i].role.as_deref().filter(|r| !r.is_empty()) {
                *roles[a].entry(role).or_default() += 1;
            }
        }
    }
    for (author, roles) in authors.iter_mut().zip(roles) {
        let mut roles: Vec<(String, usize)> = roles.into_iter().map(|(r, n)| (r.to_string(), n)).collect();
        roles.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        author.roles = roles;
    }
    (authors, merged.of_article)
}
