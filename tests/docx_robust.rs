//! The Word reader never panics: damaged packages and damaged XML (bytes changed, cut
//! short) give an error or a document, nothing else. Runs the library directly.

mod docx;

use docx::*;

fn parse(bytes: &[u8]) {
    // Ok or Err are both fine; a panic fails the test.
    let _ = showcase::docx::parse(bytes);
}

#[test]
fn damaged_packages() {
    let good = realistic().bytes();
    assert!(showcase::docx::parse(&good).is_ok());
    let step = (good.len() / 200).max(1);
    for i in (0..good.len()).step_by(step) {
        let mut b = good.clone();
        b[i] ^= 0xFF;
        parse(&b);
        parse(&good[..i]);
    }
}

#[test]
fn damaged_xml() {
    let d = realistic();
    let xml = d.document_xml().into_bytes();
    let step = (xml.len() / 120).max(1);
    for i in (0..xml.len()).step_by(step) {
        for change in [b'<', b'&', 0xE4] {
            let mut x = xml.clone();
            x[i] = change;
            let parts: Vec<(String, Vec<u8>)> = d
                .parts()
                .into_iter()
                .map(|(n, b)| {
                    if n == "word/document.xml" {
                        (n, x.clone())
                    } else {
                        (n, b)
                    }
                })
                .collect();
            parse(&zip_parts(&parts));
        }
    }
}
