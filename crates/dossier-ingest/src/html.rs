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
