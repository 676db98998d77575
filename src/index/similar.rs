//! "More like this": for each article, the articles that share its rarest
//! topics. A shared topic weighs more the fewer articles carry it; ties go
//! to the article closest in date (undated ones last). Linear in the
//! archive: each article looks at the articles closest in date in each of
//! its few rarest topics, never at whole topics.

use rayon::prelude::*;

use super::Topic;
use crate::model::Article;

/// Articles listed for each article.
pub const SIMILAR: usize = 8;
/// The rarest topics of an article that are searched.
const TOPICS: usize = 8;
/// Candidates taken from each topic, on each side of the article (in date).
const WINDOW: usize = 40;

/// For each article, up to [`SIMILAR`] others, the most alike first.
/// `position` is each article's rank in the newest-first order, which every
/// topic's list follows.
pub(super) fn similar(
    articles: &[Article],
    topics: &[Topic],
    article_topics: &[Vec<usize>],
    position: &[usize],
) -> Vec<Vec<u32>> {
    let total = position.len() as f64;
    let days: Vec<Option<i64>> = articles.iter().map(|a| a.date.map(|d| d.date.day_number())).collect();
    (0..article_topics.len())
        .into_par_iter()
        .map(|i| {
            let mut own: Vec<usize> = article_topics[i].clone();
            own.sort_by_key(|&t| (topics[t].articles.len(), t));
            own.truncate(TOPICS);
            let mut scores: Vec<(usize, f64)> = Vec::new();
            for &t in &own {
                let list = &topics[t].articles;
                if list.len() < 2 {
                    continue;
                }
                // Rarer topics weigh more: the inverse document frequency.
                let weight = (1.0 + total / list.len() as f64).ln();
                let at = list.partition_point(|&o| position[o] < position[i]);
                let from = at.saturating_sub(WINDOW);
                let to = (at + WINDOW + 1).min(list.len());
                for &o in &list[from..to] {
                    if o != i {
                        scores.push((o, weight));
                    }
                }
            }
            scores.sort_unstable_by_key(|&(o, _)| o);
            let mut merged: Vec<(usize, f64)> = Vec::new();
            for (o, w) in scores {
                match merged.last_mut() {
                    Some(last) if last.0 == o => last.1 += w,
                    _ => merged.push((o, w)),
                }
            }
            let distance = |o: usize| match (days[i], days[o]) {
                (Some(a), Some(b)) => a.abs_diff(b),
                _ => u64::MAX,
            };
            merged.sort_by(|a, b| {
                b.1.partial_cmp(&a.1)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then_with(|| distance(a.0).cmp(&distance(b.0)))
            });
            merged.into_iter().take(SIMILAR).map(|(o, _)| o as u32).collect()
        })
        .collect()
}
