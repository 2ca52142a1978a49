//! Markdown → safe HTML. Raw HTML in content is escaped (shown as text, never run), link
//! targets are limited to http(s), mailto, relative paths and anchors, external links get
//! `rel="noopener noreferrer"`, images are mapped to their published paths.

use crate::load::markdown_options;
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};

/// Where an image is on the site (relative to the page): one URL, or for a large photo its
/// resized copies as (width, URL), largest first, offered to the browser with `srcset`.
#[derive(Clone, Debug, PartialEq)]
pub enum ImageUrl {
    One(String),
    Sizes(Vec<(u32, String)>),
}

/// An image whose tag is written by hand (for `srcset`): its copies, title and alt text.
struct Pending {
    sizes: Vec<(u32, String)>,
    title: String,
    alt: String,
}

/// Converts a document body. `image_url` maps an image src as written to its URL on the
/// site; unknown images keep their alt text only.
/// In the live preview an unchanged body comes from [`super::body_cache`].
pub fn to_html(markdown: &str, image_url: &dyn Fn(&str) -> Option<ImageUrl>) -> String {
    super::body_cache::converted(markdown, image_url, |image_url| {
        convert(markdown, image_url)
    })
}

fn convert(markdown: &str, image_url: &dyn Fn(&str) -> Option<ImageUrl>) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    let mut in_image = false;
    let mut pending: Option<Pending> = None;
    let events = Parser::new_ext(markdown, markdown_options()).filter_map(|ev| match ev {
        // Alt text of an image whose tag is written by hand.
        Event::Text(t) | Event::Code(t) if pending.is_some() => {
            if let Some(p) = pending.as_mut() {
                p.alt.push_str(&t);
            }
            None
        }
        Event::End(TagEnd::Image) if pending.is_some() => {
            let p = pending.take()?;
            let mut tag = String::from("<img src=\"");
            pulldown_cmark_escape_attr(&mut tag, &p.sizes[0].1);
            tag.push_str("\" srcset=\"");
            let set: Vec<String> = p
                .sizes
                .iter()
                .map(|(w, url)| format!("{url} {w}w"))
                .collect();
            pulldown_cmark_escape_attr(&mut tag, &set.join(", "));
            tag.push_str("\" sizes=\"(max-width: 48rem) 100vw, 48rem\" alt=\"");
            pulldown_cmark_escape_attr(&mut tag, &p.alt);
            tag.push('"');
            if !p.title.is_empty() {
                tag.push_str(" title=\"");
                pulldown_cmark_escape_attr(&mut tag, &p.title);
                tag.push('"');
            }
            tag.push_str(" loading=\"lazy\">");
            Some(Event::InlineHtml(tag.into()))
        }
        _ if pending.is_some() => None,
        Event::Html(t) | Event::InlineHtml(t) => Some(Event::Text(t)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = safe_url(&dest_url);
            let external = safe.starts_with("http://") || safe.starts_with("https://");
            if external {
                // pulldown-cmark cannot add rel=, so write the opening tag ourselves.
                let mut tag = String::from("<a href=\"");
                pulldown_cmark_escape_attr(&mut tag, &safe);
                tag.push_str("\" rel=\"noopener noreferrer\"");
                if !title.is_empty() {
                    tag.push_str(" title=\"");
                    pulldown_cmark_escape_attr(&mut tag, &title);
                    tag.push('"');
                }
                tag.push('>');
                Some(Event::InlineHtml(tag.into()))
            } else {
                Some(Event::Start(Tag::Link {
                    link_type: if link_type == LinkType::Email {
                        LinkType::Email
                    } else {
                        LinkType::Inline
                    },
                    dest_url: CowStr::from(safe),
                    title,
                    id,
                }))
            }
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => match image_url(&dest_url) {
            Some(ImageUrl::One(url)) => Some(Event::Start(Tag::Image {
                link_type,
                dest_url: url.into(),
                title,
                id,
            })),
            Some(ImageUrl::Sizes(sizes)) if !sizes.is_empty() => {
                pending = Some(Pending {
                    sizes,
                    title: title.to_string(),
                    alt: String::new(),
                });
                None
            }
            Some(ImageUrl::Sizes(_)) => None,
            None => {
                in_image = true;
                None
            }
        },
        Event::End(TagEnd::Image) if in_image => {
            in_image = false;
            None
        }
        other => Some(other),
    });
    html::push_html(&mut out, events);
    // Tables scroll inside their own box on narrow screens instead of widening the page.
    out.replace(
        "<table>",
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格（可横向滚动）\"><table>",
    )
        .replace("</table>", "</table></div>")
}

fn pulldown_cmark_escape_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Keeps safe link targets; anything else (javascript:, data:, vbscript:…) becomes `#`.
fn safe_url(url: &str) -> String {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let scheme_end = lower.find(':');
    let path_start = lower.find(['/', '?', '#']).unwrap_or(lower.len());
    match scheme_end {
        Some(i) if i < path_start => {
            if lower.starts_with("http:")
                || lower.starts_with("https:")
                || lower.starts_with("mailto:")
            {
                url.trim().to_string()
            } else {
                "#".to_string()
            }
        }
        _ => url.trim().to_string(),
    }
}

/// Plain text of a Markdown body (for search and excerpts).
pub fn to_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for ev in Parser::new_ext(markdown, markdown_options()) {
        match ev {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(md: &str) -> String {
        to_html(md, &|s| Some(ImageUrl::One(format!("img/{s}"))))
    }

    #[test]
    fn large_photos_get_a_srcset_with_their_alt_text() {
        let out = to_html("前文 ![巡查*现场*](p.jpg \"夜查\") 后文", &|_| {
            Some(ImageUrl::Sizes(vec![
                (1600, "../images/p-1600.jpg".into()),
                (800, "../images/p-800.jpg".into()),
            ]))
        });
        assert!(
            out.contains(
                "<img src=\"../images/p-1600.jpg\" srcset=\"../images/p-1600.jpg 1600w, ../images/p-800.jpg 800w\""
            ),
            "{out}"
        );
        assert!(
            out.contains("alt=\"巡查现场\" title=\"夜查\" loading=\"lazy\">"),
            "{out}"
        );
        assert!(out.contains("后文"), "{out}");
    }

    #[test]
    fn raw_html_is_escaped() {
        let out = h("<script>alert(1)</script>\n\n正文<img src=x onerror=alert(1)>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img src=x"), "{out}");
        assert!(out.contains("&lt;script&gt;"));
    }

    #[test]
    fn dangerous_links_are_neutralised() {
        let out = h(
            "[点我](javascript:alert(1)) [x](JaVaScRiPt:alert(1)) [y](data:text/html,hi) [z]( java\tscript:alert(1))",
        );
        assert!(!out.to_lowercase().contains("javascript"), "{out}");
        assert!(!out.contains("data:"), "{out}");
    }

    #[test]
    fn external_links_get_noopener() {
        let out = h("[政府网](https://example.org/a?b=1&c=2 \"标题\") [内部](../x.html)");
        assert!(out.contains("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\" title=\"标题\">政府网</a>"), "{out}");
        assert!(out.contains("<a href=\"../x.html\">内部</a>"), "{out}");
    }

    #[test]
    fn tables_footnotes_and_images() {
        let out = h("| a | b |\n|:-|-:|\n| 1 | 2 |\n\n脚注[^1]\n\n[^1]: 来源\n\n![图](p.png)");
        assert!(out.contains("<div class=\"table-wrap\" tabindex=\"0\""));
        assert!(out.contains("footnote-definition"));
        assert!(out.contains("src=\"img/p.png\""));
    }
}
