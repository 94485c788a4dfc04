//! HTML pages: the main content and metadata found by `dom_smoothie` (a port of Mozilla
//! Readability), then converted to plain text with a blank line between blocks.
//!
//! When Readability finds no article (a page of links, a hostile or truncated page), the
//! whole `<body>` text is used instead and the caller is told, so nothing readable is lost.

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

/// Element count beyond which a page is not handed to Readability: its scoring passes are
/// quadratic in places, and no news article needs this many elements. Such pages fall back
/// to the whole body text.
const MAX_ELEMENTS: usize = 200_000;

/// Elements nested deeper than this (as a quick scan of the markup counts them) are
/// unwrapped before parsing. Chromium's parser caps depth at 512 too; no real page comes
/// near it, while hostile pages nest thousands deep and make tree building and
/// Readability's ancestor scoring quadratic (50,000 nested `<div>`s took minutes).
const MAX_NESTING: usize = 512;

/// What was read from one HTML page.
#[derive(Debug, Default)]
pub(crate) struct HtmlArticle {
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub excerpt: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
    /// Readability found no main content; `text` is the whole body text.
    pub used_whole_body: bool,
}

/// Extracts the main content and metadata of `html`. `url` is the page's address when
/// known (it resolves relative links and is Readability's fallback for some metadata).
pub(crate) fn extract(html: &str, url: Option<&str>) -> HtmlArticle {
    let html = limit_nesting(html, MAX_NESTING);
    let html = html.as_ref();
    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let absolute_url = url.filter(|url| url.starts_with("http://") || url.starts_with("https://"));
    let readability = Readability::new(html, absolute_url, Some(config.clone()))
        .or_else(|_| Readability::new(html, None, Some(config)));
    if let Ok(mut readability) = readability
        && let Ok(article) = readability.parse()
    {
        let content = Document::fragment(article.content.as_ref());
        let text = block_text(&content.root());
        if !text.is_empty() {
            return HtmlArticle {
                text,
                title: non_empty(article.title),
                byline: article.byline.and_then(non_empty),
                excerpt: article.excerpt.and_then(non_empty),
                site_name: article.site_name.and_then(non_empty),
                published: article.published_time.and_then(non_empty),
                modified: article.modified_time.and_then(non_empty),
                language: article.lang.and_then(non_empty),
                url: article.url.and_then(non_empty),
                used_whole_body: false,
            };
        }
    }
    whole_body(html)
}

/// The fallback: every visible text of the page, in blocks, and the `<title>`.
fn whole_body(html: &str) -> HtmlArticle {
    let document = Document::from(html);
    let title = document.select("title").text().trim().to_owned();
    document
        .select("script, style, noscript, template, head")
        .remove();
    let body = document.select("body");
    let text = match body.nodes().first() {
        Some(node) => block_text(node),
        None => block_text(&document.root()),
    };
    HtmlArticle {
        text,
        title: non_empty(title),
        language: document
            .select("html")
            .attr("lang")
            .map(|lang| lang.to_string())
            .and_then(non_empty),
        used_whole_body: true,
        ..HtmlArticle::default()
    }
}

/// Returns `html` with start and end tags beyond `max_depth` levels of nesting removed
/// (their text is kept), or `html` itself when it nests no deeper.
///
/// The depth is counted on the raw markup, not by a parser: tags that close themselves or
/// their siblings implicitly (`p`, `li`, `td`, `option`...) and void elements do not count,
/// raw-text elements (`script`, `style`, ...) are skipped whole, and quoted attribute values
/// may contain `>`. It errs towards counting too deep, which only ever unwraps elements of
/// a page that was hostile anyway.
pub(crate) fn limit_nesting(html: &str, max_depth: usize) -> std::borrow::Cow<'_, str> {
    if nesting_scan(html, max_depth, None) <= max_depth {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    nesting_scan(html, max_depth, Some(&mut out));
    std::borrow::Cow::Owned(out)
}

/// Scans `html` for tag nesting and returns the deepest level seen; with `out`, copies
/// `html` into it minus the tags deeper than `max_depth`.
fn nesting_scan(html: &str, max_depth: usize, mut out: Option<&mut String>) -> usize {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut copied = 0usize; // bytes of `html` already handled for `out`
    let mut at = 0usize;
    while let Some(found) = memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let rest = &bytes[start + 1..];
        let Some(&first) = rest.first() else { break };
        // Comments, doctypes, processing instructions: skip, no depth change.
        if first == b'!' || first == b'?' {
            let end = if rest.starts_with(b"!--") {
                find_bytes(&rest[3..], b"-->").map(|end| start + 1 + 3 + end + 3)
            } else {
                memchr(b'>', rest).map(|end| start + 1 + end + 1)
            };
            at = end.unwrap_or(bytes.len());
            continue;
        }
        let closing = first == b'/';
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .position(|byte| !(byte.is_ascii_alphanumeric() || *byte == b'-' || *byte == b':'))
            .unwrap_or(bytes.len() - name_start);
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            at = start + 1; // a literal `<` in text
            continue;
        }
        // Lowercased on the stack: this runs for every tag of every page. Names longer than
        // the buffer are no element this scan treats specially.
        let mut name_buffer = [0u8; 16];
        let name = match name_buffer.get_mut(..name_len) {
            Some(buffer) => {
                buffer.copy_from_slice(&bytes[name_start..name_start + name_len]);
                buffer.make_ascii_lowercase();
                std::str::from_utf8(buffer).unwrap_or("")
            }
            None => "",
        };
        let tag_end = tag_end(bytes, name_start + name_len);
        let self_closing = bytes[..tag_end].ends_with(b"/>");
        let mut drop_tag = false;
        if closing {
            if counts_for_depth(name) {
                drop_tag = depth > max_depth;
                depth = depth.saturating_sub(1);
            }
        } else if counts_for_depth(name) && !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
            drop_tag = depth > max_depth;
        }
        if drop_tag && let Some(out) = out.as_deref_mut() {
            out.push_str(&html[copied..start]);
            copied = tag_end;
        }
        at = tag_end;
        if !closing && is_raw_text(name) {
            // Skip to the element's end tag; its content is not markup.
            let closer = format!("</{name}");
            at = find_ascii_case_insensitive(&bytes[at..], closer.as_bytes())
                .map_or(bytes.len(), |end| at + end);
        }
    }
    if let Some(out) = out {
        out.push_str(&html[copied..]);
    }
    deepest
}

/// Where the tag whose name ends at `from` ends (just past its `>`), honouring quotes.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (offset, &byte) in bytes[from..].iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(q), _) if q == byte => quote = None,
            (None, b'>') => return from + offset + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// Elements that nest: not void, and not ones the parser closes implicitly at a sibling.
fn counts_for_depth(name: &str) -> bool {
    !matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rtc"
            | "rp"
            | "html"
            | "head"
            | "body"
    )
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "plaintext"
    )
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&byte| byte == needle)
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn find_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

fn non_empty(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Strips HTML markup from a fragment (a feed item's content) into block text.
pub(crate) fn fragment_text(html: &str) -> String {
    let document = Document::fragment(html);
    document
        .select("script, style, noscript, template")
        .remove();
    block_text(&document.root())
}

/// How an element affects the text around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Inline: its text runs on with its neighbours.
    Inline,
    /// A block: a blank line before and after.
    Block,
    /// A line break.
    Break,
    /// A table cell: separated from the next cell by a space.
    Cell,
    /// Not rendered (scripts, styles, forms' hidden parts).
    Hidden,
}

fn layout(name: &str) -> Layout {
    match name {
        "address" | "article" | "aside" | "blockquote" | "center" | "dd" | "details" | "dialog"
        | "dir" | "div" | "dl" | "dt" | "fieldset" | "figcaption" | "figure" | "footer"
        | "form" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header" | "hgroup" | "hr" | "li"
        | "main" | "menu" | "nav" | "ol" | "p" | "pre" | "section" | "summary" | "table"
        | "tbody" | "thead" | "tfoot" | "tr" | "ul" | "caption" | "body" | "html" | "legend"
        | "option" => Layout::Block,
        "br" => Layout::Break,
        "td" | "th" => Layout::Cell,
        "script" | "style" | "noscript" | "template" | "head" | "title" | "meta" | "link"
        | "iframe" | "object" | "embed" | "svg" | "math" | "select" | "button" | "input"
        | "textarea" => Layout::Hidden,
        _ => Layout::Inline,
    }
}

/// Builds text from the nodes under `root`, collapsing whitespace as a browser does
/// (except inside `<pre>`) and putting a blank line between blocks. The walk keeps its own
/// stack, so deeply nested markup cannot overflow the thread's stack.
pub(crate) fn block_text(root: &NodeRef) -> String {
    enum Step<'a> {
        Enter(NodeRef<'a>),
        Leave(Layout, bool),
    }
    let mut out = TextBuilder::default();
    let mut stack: Vec<Step> = root.children_it(true).map(Step::Enter).collect();
    let mut pre_depth = 0usize;
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(node) => {
                if node.is_text() {
                    let text = node.text();
                    if pre_depth > 0 {
                        out.push_preformatted(&text);
                    } else {
                        out.push_inline(&text);
                    }
                    continue;
                }
                if !node.is_element() {
                    continue;
                }
                let name = node.node_name().map(|name| name.to_ascii_lowercase());
                let name = name.as_deref().unwrap_or("");
                let kind = layout(name);
                match kind {
                    Layout::Hidden => continue,
                    Layout::Break => {
                        out.line_break();
                        continue;
                    }
                    Layout::Block => out.block_break(),
                    Layout::Cell | Layout::Inline => {}
                }
                let is_pre = matches!(name, "pre" | "textarea" | "listing" | "plaintext");
                if is_pre {
                    pre_depth += 1;
                }
                stack.push(Step::Leave(kind, is_pre));
                stack.extend(node.children_it(true).map(Step::Enter));
            }
            Step::Leave(kind, is_pre) => {
                if is_pre {
                    pre_depth -= 1;
                }
                match kind {
                    Layout::Block => out.block_break(),
                    Layout::Cell => out.push_inline(" "),
                    _ => {}
                }
            }
        }
    }
    crate::text::tidy_blocks(&out.text)
}

/// Accumulates text with browser-like whitespace collapsing.
#[derive(Default)]
struct TextBuilder {
    text: String,
    /// The last thing written was whitespace (or nothing), so a space is not needed.
    at_space: bool,
}

impl TextBuilder {
    fn push_inline(&mut self, text: &str) {
        for (index, word) in text.split(is_html_space).enumerate() {
            if index > 0 && !self.at_space {
                self.text.push(' ');
                self.at_space = true;
            }
            if !word.is_empty() {
                if self.text.is_empty() {
                    self.at_space = false;
                }
                self.text.push_str(word);
                self.at_space = false;
            }
        }
    }

    fn push_preformatted(&mut self, text: &str) {
        self.text.push_str(text);
        self.at_space = text.ends_with(char::is_whitespace);
    }

    fn line_break(&mut self) {
        self.trim_trailing_spaces();
        self.text.push('\n');
        self.at_space = true;
    }

    fn block_break(&mut self) {
        self.trim_trailing_spaces();
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push_str(if self.text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            });
        }
        self.at_space = true;
    }

    fn trim_trailing_spaces(&mut self) {
        let kept = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(kept);
    }
}

/// ASCII whitespace as HTML collapses it; a no-break space (U+00A0) is kept as text.
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_separated_by_blank_lines_and_inline_text_runs_on() {
        let text = fragment_text(
            "<h1>Head</h1><p>One <b>bold</b>\n  word.</p><ul><li>a</li><li>b</li></ul>x<br>y",
        );
        assert_eq!(text, "Head\n\nOne bold word.\n\na\n\nb\n\nx\ny");
    }

    #[test]
    fn nesting_beyond_the_limit_is_unwrapped_and_shallow_pages_are_untouched() {
        let page = "<div><script>if (a < b) { x = '<div>'; }</script><p>a<p>b<br><img src=x>\
                    <span title='>'>c</span></div>";
        assert!(matches!(
            limit_nesting(page, 2),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(nesting_scan(page, 2, None), 2);
        let deep = format!("{}x{}", "<div>".repeat(5), "</div>".repeat(5));
        assert_eq!(
            limit_nesting(&deep, 3),
            "<div><div><div>x</div></div></div>"
        );
    }

    #[test]
    fn preformatted_text_keeps_its_spaces() {
        assert_eq!(fragment_text("<pre>a  b\n c</pre>"), "a  b\n c");
    }

    #[test]
    fn scripts_and_styles_are_dropped() {
        assert_eq!(
            fragment_text("<p>x<script>var y = 1;</script><style>p{}</style></p>"),
            "x"
        );
    }

    #[test]
    fn a_page_of_links_still_gives_its_text_and_title() {
        let article = extract(
            "<html><head><title>T</title></head><body><a href=/a>Home</a></body></html>",
            None,
        );
        assert_eq!(article.text, "Home");
        assert_eq!(article.title.as_deref(), Some("T"));
    }

    #[test]
    fn the_whole_body_fallback_drops_head_and_scripts() {
        let article = whole_body(
            "<html lang=uk><head><title>T</title><style>x{}</style></head>\
             <body><p>One</p><script>no()</script><div>Two</div></body></html>",
        );
        assert!(article.used_whole_body);
        assert_eq!(article.text, "One\n\nTwo");
        assert_eq!(article.title.as_deref(), Some("T"));
        assert_eq!(article.language.as_deref(), Some("uk"));
    }
}
