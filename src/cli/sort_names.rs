//! `showcase sort-names`: orders any list of names the way the office publishes them
//! (按姓氏笔画排序 by default), one per line, from a file or stdin, UTF-8 or GBK.

use clap::{Args, ValueEnum};
use showcase_collate::{Collation, Options, SingleGivenName, sort, unknown_chars};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum By {
    /// 姓氏笔画（笔画数相同按笔顺 横竖撇点折）
    Stroke,
    /// 笔画数相同按字符编码（部分办公软件的做法）
    StrokeCodepoint,
    /// 汉语拼音
    Pinyin,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Single {
    /// 单名视为第二字为空，排在同姓双名之前（高富 在 高大富 前）
    BlankFirst,
    /// 逐字比较
    ByCharacter,
}

#[derive(Args, Debug)]
pub struct SortArgs {
    /// 名单文件（每行一个姓名，UTF-8 或 GBK）；省略时从标准输入读取
    pub file: Option<PathBuf>,
    /// 排序方式
    #[arg(long, value_enum, default_value_t = By::Stroke)]
    pub by: By,
    /// 单名的排法
    #[arg(long, value_enum, default_value_t = Single::BlankFirst)]
    pub single: Single,
}

pub fn run(args: &SortArgs) -> ExitCode {
    let bytes = match &args.file {
        Some(p) => match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("错误：无法读取 {}：{e}", p.display());
                return ExitCode::FAILURE;
            }
        },
        None => {
            let mut b = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut b) {
                eprintln!("错误：无法读取标准输入：{e}");
                return ExitCode::FAILURE;
            }
            b
        }
    };
    let text = decode(&bytes);
    let opts = Options {
        collation: match args.by {
            By::Stroke => Collation::Stroke,
            By::StrokeCodepoint => Collation::StrokeCodepoint,
            By::Pinyin => Collation::Pinyin,
        },
        single: match args.single {
            Single::BlankFirst => SingleGivenName::BlankFirst,
            Single::ByCharacter => SingleGivenName::ByCharacter,
        },
        ..Options::default()
    };
    let mut names: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for (i, n) in names.iter().enumerate() {
        let unknown = unknown_chars(n, &opts);
        if !unknown.is_empty() {
            eprintln!(
                "警告：第 {} 行「{}」中的「{}」没有排序数据，已排在同位置的末尾，请人工核对。",
                i + 1,
                crate::diag::printable(n),
                crate::diag::printable(&unknown.iter().collect::<String>())
            );
        }
    }
    sort(&mut names, |n| n, &opts);
    let mut out = std::io::stdout().lock();
    for n in names {
        // Terminal control sequences in the input are shown, never obeyed.
        let _ = writeln!(out, "{}", crate::diag::printable(n));
    }
    ExitCode::SUCCESS
}

/// UTF-8 (with or without BOM), else GBK/GB18030.
pub fn decode(bytes: &[u8]) -> String {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(b).0.into_owned(),
    }
}
