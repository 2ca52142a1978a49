//! Readable plain text of a Markdown body for the search's stored text, in one pass over the
//! lines without a Markdown parse: heading, quote and list markers, table rules and pipes,
//! emphasis, footnote markers and link targets are dropped; the words stay.

/// Plain text, one line per non-empty source line.
pub fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let mut l = line.trim();
        if l.is_empty() || l.chars().all(|c| matches!(c, '|' | ':' | '-' | ' ' | '=')) {
            continue;
        }
        l = l
            .trim_start_matches('#')
            .trim_start_matches('>')
            .trim_start();
        for m in ["- ", "* ", "+ "] {
            l = l.strip_prefix(m).unwrap_or(l);
        }
        if l.starts_with("[^")
            && let Some(i) = l.find("]:")
        {
            l = l[i + 2..].trim_start();
        }
        inline(l, &mut out);
        out.push('\n');
    }
    out
}

fn inline(l: &str, out: &mut String) {
    let b = l.as_bytes();
    let mut i = 0;
    let mut start = 0;
    while i < b.len() {
        let skip = match b[i] {
            b'*' | b'`' | b'[' => 1,
            b'!' if b.get(i + 1) == Some(&b'[') => 1,
            b'|' => {
                out.push_str(&l[start..i]);
                out.push(' ');
                start = i + 1;
                i += 1;
                continue;
            }
            // `](target)` of a link or image: keep the text, drop the target.
            b']' if b.get(i + 1) == Some(&b'(') => match l[i..].find(')') {
                Some(j) => j + 1,
                None => 1,
            },
            // A footnote reference `[^1]`.
            b'^' if i > 0 && b[i - 1] == b'[' => match l[i..].find(']') {
                Some(j) => j + 1,
                None => 1,
            },
            b']' => 1,
            _ => 0,
        };
        if skip > 0 {
            out.push_str(&l[start..i]);
            i += skip;
            start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&l[start..]);
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn markup_goes_words_stay() {
        let md = "## 一、基本情况\n\n正文**重点**，见[链接](http://x.y/a)和![图](p.png)。[^1]\n\n\
                  | 项目 | 数量 |\n|:--|--:|\n| 社区 | 9 |\n\n[^1]: 数据来源：台账。\n> 引文\n- 条目";
        assert_eq!(
            plain(md),
            "一、基本情况\n正文重点，见链接和图。\n  项目   数量  \n  社区   9  \n数据来源：台账。\n引文\n条目\n"
        );
    }
}
