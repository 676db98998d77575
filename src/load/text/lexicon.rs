//! The generic vocabulary of news pages' furniture, in English and the
//! commonest other languages of the web: what a share row, a "most read"
//! box, a comments heading, a date stamp or a legal footer says on any
//! site. Nothing here names an outlet.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

/// A short line whose every word is one of these (or a number) is furniture.
const FURNITURE_WORDS: &str = "
share shares shared sharing tweet tweets retweet pin pinterest email e mail print facebook twitter whatsapp
linkedin reddit messenger flipboard telegram instagram youtube tiktok snapchat vk rss feed copy link url
subscribe subscribed subscription subscriptions newsletter newsletters sign signup up in out log login logout
register account my follow us join
advertisement advertisements advertising ad ads sponsored promoted partner content paid
cookie cookies privacy policy terms of use service conditions and all rights reserved copyright contact
about accessibility sitemap site map help faq
home menu search skip to main navigation toggle back top next previous prev post article story page close
open more less load show see view all read continue reading watch video videos photo photos gallery
related most popular viewed trending top stories recommended latest news you may might also like don
t miss editor s picks comments comment reply replies leave a post responses conversation discussion
click here now today";

/// A line that starts with one of these, then `:` `|` `»` `>` or a dash, is
/// furniture (`Read more: <headline>`, `Tags: …`).
pub(super) const FURNITURE_LEADS: [&str; 62] = [
    "read more",
    "read next",
    "read also",
    "also read",
    "related",
    "more",
    "see also",
    "watch",
    "recommended",
    "advertisement",
    "sponsored",
    "promoted",
    "suggested",
    "trending",
    "most read",
    "you may also like",
    "you might also like",
    "don t miss",
    "editor s picks",
    "more from",
    "more in",
    "more on",
    "more stories",
    "top stories",
    "latest news",
    "follow us",
    "sign up",
    "subscribe",
    "share this",
    "share on",
    "click here",
    "tags",
    "tagged",
    "filed under",
    "topics",
    "categories",
    "posted in",
    "leia mais",
    "leia também",
    "veja também",
    "lee también",
    "leer más",
    "mehr zum thema",
    "weiterlesen",
    "lire aussi",
    "lire la suite",
    "leggi anche",
    "читайте также",
    "читать далее",
    "реклама",
    "anzeige",
    "werbung",
    "publicidade",
    "publicidad",
    "publicité",
    "pubblicità",
    "compartilhe",
    "compartir",
    "teilen",
    "partager",
    "condividi",
    "поделиться",
];

const MONTHS: &str = "january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec";
const DAYS: &str = "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun";
const TIME_WORDS: &str = "am pm gmt utc est edt pst pdt cst cdt bst cet cest ist ago hour hours hr hrs min mins minute
minutes sec secs second seconds day days week weeks month months year years yesterday today updated update published
posted modified";
const DATE_FILLERS: &str = "a m p et pt ct h d w s on at by last and";
/// The last word of a picture agency's or photographer's credit line.
const AGENCY_WORDS: &str = "images image photo photos photography photographs pictures press agency archive archives
handout pool file reuters ap afp epa getty shutterstock alamy istock dpa xinhua wire";

/// A byline name with one of these words names an outlet or a desk, not a
/// person (`BBC News`, `Staff reporter`, `The Associated Press`).
const ORGANISATION_WORDS: &str =
    "news newsroom staff reporter reporters correspondent correspondents desk agency agencies
press wire wires service services editor editors editorial team bureau media online digital daily weekly herald journal
telegraph gazette tribune chronicle radio tv television broadcasting network networks company group writers contributors
reuters afp ap dpa xinhua the";

fn set(words: &'static str) -> HashSet<&'static str> {
    words.split_whitespace().collect()
}

pub(super) struct Lexicon {
    pub(super) furniture_words: HashSet<&'static str>,
    pub(super) months: HashSet<&'static str>,
    pub(super) days: HashSet<&'static str>,
    pub(super) time_words: HashSet<&'static str>,
    pub(super) date_fillers: HashSet<&'static str>,
    pub(super) agency_words: HashSet<&'static str>,
    pub(super) organisation_words: HashSet<&'static str>,
    /// Each lead-in as a pattern that wants its separator after it.
    pub(super) leads: Vec<(&'static str, Regex)>,
    /// A whole short line that heads comments.
    pub(super) comments: Regex,
    /// A whole short line that opens a section that is not the article.
    pub(super) section_break: Regex,
    pub(super) date_format: Regex,
    pub(super) number_suffix: Regex,
    pub(super) caption: Regex,
    /// The credit at the end of a caption, in its named group.
    pub(super) credit: Regex,
    pub(super) promo: Regex,
    pub(super) byline: Regex,
    pub(super) legal: Regex,
    pub(super) title_separator: Regex,
    pub(super) item_punct: Regex,
    pub(super) truncated: Regex,
    pub(super) sentence_boundary: Regex,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

/// The lexicon, compiled once.
pub(super) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon {
        furniture_words: set(FURNITURE_WORDS),
        months: set(MONTHS),
        days: set(DAYS),
        time_words: set(TIME_WORDS),
        date_fillers: set(DATE_FILLERS),
        agency_words: set(AGENCY_WORDS),
        organisation_words: set(ORGANISATION_WORDS),
        leads: FURNITURE_LEADS
            .iter()
            .map(|lead| {
                let words: Vec<String> = lead.split_whitespace().map(regex::escape).collect();
                (*lead, re(&format!(r"^\W*{}\s*[:|»>\-–—]", words.join(r"\W+"))))
            })
            .collect(),
        comments: re(concat!(
            r"^(\d+ )?(comments?|responses?|replies|reactions|discussion|conversation|",
            r"leave a (reply|comment)|post a comment|add a comment|join the (conversation|discussion)|",
            r"(view|show|read|see) (all )?(\d+ )?comments?|comments are closed|",
            r"comentários|comentarios|kommentare|commentaires|commenti|комментарии)$"
        )),
        section_break: re(concat!(
            r"^(related( articles| stories| posts| news| content| coverage| links| topics)?|",
            r"(you|we) (may|might) (also )?(like|enjoy)|recommended( for you| stories| articles| reading)?|",
            r"most (read|popular|viewed|shared|watched|commented|emailed)|trending( now| stories| news)?|",
            r"top stories|more stories|more news|latest news|latest stories|popular (posts|stories|articles)|",
            r"read (more|next)|more (from|in|on) .{1,40}|also on .{1,40}|around the web|from the web|",
            r"sponsored( content| stories| links)?|promoted( stories| content)?|",
            r"notícias relacionadas|artigos relacionados|noticias relacionadas|artículos relacionados|",
            r"ähnliche artikel|articles similaires|articoli correlati|похожие статьи|читайте также|",
            r"você (também )?pode gostar|veja também|leia também|mais lidas|te puede interesar|también te puede interesar|",
            r"lo más leído|das könnte sie auch interessieren|meistgelesen|vous aimerez aussi|à lire aussi|les plus lus|",
            r"ti potrebbe interessare|potrebbe interessarti|i più letti|вам может понравиться|самое популярное)$"
        )),
        date_format: re(r"\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}t"),
        number_suffix: re(r"^\d+(st|nd|rd|th|h|m|am|pm|t\d+)$"),
        caption: re(concat!(
            r"(?i)(\((image|photo|picture|pic|credit|source)s?( credit)?:[^)]*\)|",
            r"[/|(]\s*(getty|reuters|ap|afp|epa|shutterstock|istock|alamy)( images| file| photo)?\)?|",
            r"\bphoto(graph)? by [^.]{1,60}|\b(credit|photograph|photo|image|picture|pic)s?: [^.]{1,60})\W*$|",
            r"^(image|photo) (caption|copyright|source|credit)\b"
        )),
        credit: re(concat!(
            r"(?i)(\((photo by|(image|photo|picture|pic|credit|source)s?( credit)?:)\s*(?P<a>[^)]*)\)|",
            r"\b(photograph|photo|image|picture|pic|credit)s?:\s*(?P<b>[^.]{1,60})|",
            r"\bphoto(graph)? by (?P<c>[^.]{1,60})|",
            r"(?P<d>[^.(]{0,40}[/|]\s*(getty|reuters|ap|afp|epa|shutterstock|istock|alamy)( images| file| photo)?))\W*$"
        )),
        promo: re(concat!(
            r"(?i)\b(sign up|subscribe (to|now|today|for)|newsletters?|inbox|follow us|download (our|the) app|click here|",
            r"free trial|donate|support (our|local|independent) journalism|become a (member|subscriber)|",
            r"make a (donation|contribution))\b"
        )),
        byline: re(r"^(by|por|von|par|di|da|от|автор)\s"),
        legal: re(concat!(
            r"privacy|cookie|terms of (use|service)|terms (and|&) conditions|all rights reserved|©|copyright|",
            r"contact us|about us|advertise|sitemap|impressum|datenschutz|privacidade|privacidad|confidentialité|",
            r"termos de uso|política|конфиденциальности"
        )),
        title_separator: re(r"\s+[|\-–—»·:]{1,2}\s+"),
        item_punct: re(r"[,;:()\[\]–—@/%$€£、，；：（）「」]|\d|\s-\s"),
        truncated: re(r"(\.\.\.|…|\[…\]|\[\.\.\.\])\W{0,2}$"),
        sentence_boundary: re(r#"\w[.!?。！？]["'”’»)]?\s+\S"#),
    })
}
