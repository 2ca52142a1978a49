//! `showcase serve`: the live preview (see [`crate::serve`]).

use super::Cli;
use crate::serve::{ServeOptions, run as serve};
use clap::Args;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// 端口；不写时用 8000（被占用则依次试 8001–8009），写 0 自动选择空闲端口
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,
    /// 监听地址；默认只有本机能打开，写 0.0.0.0 则同一网络的其他电脑也能访问
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// 主题：内置主题名（default、gongwen）或主题目录；不写时用 site.yaml 的 theme，再不写用 default
    #[arg(long, default_value = "default", value_name = "名称或目录")]
    pub theme: PathBuf,
    /// 同时预览组织科内部版（在单独的端口上，地址在启动时显示；公开版页面无法读取它）
    #[arg(long)]
    pub internal: bool,
    /// 不在后台生成印刷册 PDF
    #[arg(long)]
    pub no_booklet: bool,
    /// `showcase build` 的输出目录：其中未变化的印刷册直接沿用（只读，预览不会修改它）
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// 生成后用默认浏览器打开预览
    #[arg(long)]
    pub open: bool,
    /// typst 排版的超时时间（秒）
    #[arg(long, default_value_t = 600, value_name = "SECONDS")]
    pub typst_timeout: u64,
}

pub fn run(cli: &Cli, args: &ServeArgs) -> ExitCode {
    let opts = ServeOptions {
        content: cli.content.clone(),
        theme: args.theme.clone(),
        bind: args.bind,
        port: args.port,
        internal: args.internal,
        booklet: !args.no_booklet,
        previous_print: args.out.join("print"),
        typst_timeout: Duration::from_secs(args.typst_timeout),
        open: args.open,
    };
    match serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}
