//! Lists, tables (with captions and right-aligned number columns), images and footnotes.

use crate::escape::{is_number, numbered_label_len, string_literal};
use crate::out::footnote_key;
use crate::out::{Ctx, Out};
use crate::walk::Conv;
use crate::{COST_FIGURE, COST_FOOTNOTE, COST_LIST, COST_TABLE, MAX_FOOTNOTE_DEPTH};

use pulldown_cmark::{Alignment, Event, Tag};

impl Conv<'_, '_> {
    pub(crate) fn list(&self, start: Option<u64>, i: usize, end: usize, out: &mut Out, ctx: Ctx) {
        let items: Vec<usize> = self
            .child_starts(i, end)
            .into_iter()
            .filter(|&j| matches!(self.events[j].0, Event::Start(Tag::Item)))
            .collect();
        let tight = !items.iter().any(|&j| {
            self.child_starts(j, self.ends[j])
                .iter()
                .any(|&k| matches!(self.events[k].0, Event::Start(Tag::Paragraph)))
        });
        let all_tasks = !items.is_empty()
            && items.iter().all(|&j| {
                let k = match self.events.get(j + 1) {
                    Some((Event::Start(Tag::Paragraph), _)) => j + 2,
                    _ => j + 1,
                };
                matches!(self.events.get(k), Some((Event::TaskListMarker(_), _)))
            });
        let item_ctx = Ctx {
            tight,
            ..ctx.nested(COST_LIST)
        };
        if !ctx.fits(COST_LIST) {
            // Too deep for more content blocks: items become plain paragraphs.
            let flat = Ctx {
                tight: false,
                ..ctx
            };
            for (n, &j) in items.iter().enumerate() {
                if n > 0 {
                    out.raw("\n\n");
                }
                self.at(j, out);
                match start {
                    Some(s) => out.text(&format!("{}. ", s.saturating_add(n as u64))),
                    None if all_tasks => {}
                    None => out.text("• "),
                }
                self.children(j + 1, self.ends[j], out, flat);
            }
            return;
        }
        let mut call = match start {
            Some(s) => format!("#enum(start: {s}, tight: {tight}"),
            None => format!("#list(tight: {tight}"),
        };
        if all_tasks && start.is_none() {
            // The boxes replace the bullets (numbered task lists keep their numbers).
            call.push_str(", marker: []");
        }
        call.push(',');
        out.raw(&call);
        for &j in &items {
            self.at(j, out);
            out.raw("\n  [");
            self.children(j + 1, self.ends[j], out, item_ctx);
            out.raw("],");
        }
        out.raw("\n);");
    }

    pub(crate) fn table(
        &self,
        aligns: &[Alignment],
        i: usize,
        end: usize,
        out: &mut Out,
        ctx: Ctx,
    ) {
        self.table_call(aligns, i, end, out, ctx, "#table(", ";");
    }

    /// The table as `open` … `)` + `close`; `open` is `#table(` in markup or `table(` as a
    /// figure's argument.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn table_call(
        &self,
        aligns: &[Alignment],
        i: usize,
        end: usize,
        out: &mut Out,
        ctx: Ctx,
        open: &str,
        close: &str,
    ) {
        let columns = aligns.len().max(1);
        // Rows as lists of cell start indices; the first row is the header if it is
        // a TableHead.
        let mut rows: Vec<(bool, usize, Vec<usize>)> = Vec::new();
        for j in self.child_starts(i, end) {
            let head = matches!(self.events[j].0, Event::Start(Tag::TableHead));
            let mut cells = Vec::new();
            for k in self.child_starts(j, self.ends[j]) {
                match self.events[k].0 {
                    Event::Start(Tag::TableCell) => cells.push(k),
                    // Tolerate a row nested in the head.
                    Event::Start(Tag::TableRow) => cells.extend(
                        self.child_starts(k, self.ends[k])
                            .into_iter()
                            .filter(|&c| matches!(self.events[c].0, Event::Start(Tag::TableCell))),
                    ),
                    _ => {}
                }
            }
            cells.truncate(columns);
            rows.push((head, j, cells));
        }
        if !ctx.fits(COST_TABLE) {
            // Too deep: one line per row, cells separated by a bar.
            let flat = Ctx { tight: true, ..ctx };
            for (n, (_, j, cells)) in rows.iter().enumerate() {
                if n > 0 {
                    out.raw("\\\n");
                }
                self.at(*j, out);
                for (c, &k) in cells.iter().enumerate() {
                    if c > 0 {
                        out.text(" | ");
                    }
                    self.children(k + 1, self.ends[k], out, flat);
                }
            }
            return;
        }
        // Columns without an explicit alignment are right-aligned when every body cell is
        // a number, so figures line up the same way in every table.
        let align: Vec<&str> = aligns
            .iter()
            .enumerate()
            .map(|(c, a)| match a {
                Alignment::None if self.numeric_column(&rows, c) => "right",
                Alignment::None | Alignment::Left => "left",
                Alignment::Center => "center",
                Alignment::Right => "right",
            })
            .collect();
        let align = if align.is_empty() {
            "left".to_string()
        } else {
            format!("({},)", align.join(", "))
        };
        out.raw(&format!("{open}\n  columns: {columns},\n  align: {align},"));
        let cell_ctx = Ctx {
            tight: true,
            figure_ok: false,
            ..ctx.nested(COST_TABLE)
        };
        for (head, j, cells) in &rows {
            self.at(*j, out);
            out.raw(if *head { "\n  table.header(" } else { "\n  " });
            for (c, &k) in cells.iter().enumerate() {
                if c > 0 {
                    out.raw(" ");
                }
                out.raw("[");
                self.children(k + 1, self.ends[k], out, cell_ctx);
                out.raw("],");
            }
            for c in cells.len()..columns {
                out.raw(if c > 0 { " []," } else { "[]," });
            }
            if *head {
                out.raw("),");
            }
        }
        out.raw("\n)");
        out.raw(close);
    }

    /// Whether every non-empty body cell of column `c` is a number (12, 3.5%, 1,200, -4).
    pub(crate) fn numeric_column(&self, rows: &[(bool, usize, Vec<usize>)], c: usize) -> bool {
        let mut any = false;
        for (head, _, cells) in rows {
            if *head {
                continue;
            }
            let Some(&k) = cells.get(c) else { continue };
            let mut t = String::new();
            for (ev, _) in &self.events[k + 1..self.ends[k]] {
                match ev {
                    Event::Text(x) | Event::Code(x) => t.push_str(x),
                    Event::Start(_) | Event::End(_) => {}
                    _ => return false,
                }
            }
            let t = t.trim();
            if t.is_empty() || t == "—" || t == "-" {
                continue;
            }
            if !is_number(t) {
                return false;
            }
            any = true;
        }
        any
    }

    pub(crate) fn image(&self, src: &str, i: usize, end: usize, out: &mut Out, ctx: Ctx) {
        {
            let mut images = self.images.borrow_mut();
            if !images.iter().any(|s| s == src) {
                images.push(src.to_string());
            }
        }
        let mut alt = String::new();
        for (ev, _) in &self.events[i + 1..end] {
            match ev {
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        match (self.opts.resolve_image)(src) {
            Some(path) => {
                let image = format!("image({})", string_literal(&path));
                if ctx.figure_ok && ctx.fits(COST_FIGURE) && !alt.trim().is_empty() {
                    out.raw(&format!("#figure({image}, caption: ["));
                    let inner = Ctx {
                        link_ok: true,
                        ..ctx.inline(COST_FIGURE)
                    };
                    // One number per figure: the booklet numbers figures per article, so
                    // the author's own 「图1　」 is dropped from the caption.
                    let mut from = i + 1;
                    if let Some((Event::Text(t), _)) = self.events.get(from)
                        && let Some(skip) = numbered_label_len(t, '图')
                    {
                        out.text(&t[skip..]);
                        from += 1;
                    }
                    self.children(from, end, out, inner);
                    out.raw("]);");
                } else {
                    out.raw(&format!("#{image};"));
                }
            }
            None => {
                let shown = if alt.trim().is_empty() { src } else { &alt };
                out.text(&format!("[{shown}]"));
            }
        }
    }

    pub(crate) fn footnote_ref(&self, label: &str, out: &mut Out, ctx: Ctx) {
        let key = footnote_key(label);
        let def = self.footnotes.get(&key).copied();
        let usable = {
            let stack = self.footnote_stack.borrow();
            !stack.contains(&key) && stack.len() < MAX_FOOTNOTE_DEPTH
        };
        match def {
            Some((from, to)) if usable && ctx.fits(COST_FOOTNOTE) => {
                self.footnote_stack.borrow_mut().push(key);
                let mut sub = Out {
                    cur: out.cur,
                    ..Out::default()
                };
                let inner = Ctx {
                    nest: ctx.nest + COST_FOOTNOTE,
                    tight: false,
                    figure_ok: false,
                    link_ok: true,
                };
                self.children(from, to, &mut sub, inner);
                self.footnote_stack.borrow_mut().pop();
                let here = out.cur;
                let multiline = sub.buf.contains('\n');
                out.raw("#footnote[");
                out.append(sub);
                out.at(here);
                out.raw("];");
                if multiline {
                    // Start a new output line (without a space) so that the text after
                    // the reference maps back to the reference's line.
                    out.raw("/*\n*/");
                }
            }
            _ => out.text(&format!("[^{label}]")),
        }
    }
}
