//! The preview's listening sockets: the public site's port (8000, or the next free one up
//! to 8009), the internal site's own port beside it, and the addresses printed at start.

use super::ServeOptions;
use std::net::{SocketAddr, TcpListener};

pub fn bind(opts: &ServeOptions) -> Result<TcpListener, String> {
    let ports: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (8000..=8009).collect(),
    };
    let mut last = None;
    for p in &ports {
        match TcpListener::bind(SocketAddr::new(opts.bind, *p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    let e = last.map(|e| e.to_string()).unwrap_or_default();
    let which = match opts.port {
        Some(p) => format!("端口 {p}"),
        None => "端口 8000–8009".to_string(),
    };
    Err(format!(
        "无法在 {} 的{which}上启动预览：{e}。可能已有一个预览在运行；关闭它，或用 --port 指定其他端口（--port 0 自动选择）。",
        opts.bind
    ))
}

/// The internal site's own listener: `--port 0` picks any free port, otherwise the first
/// free one of the ten after the public site's.
pub fn bind_internal(opts: &ServeOptions, public: u16) -> Result<TcpListener, String> {
    let ports: Vec<u16> = match opts.port {
        Some(0) => vec![0],
        _ => (1..=10).filter_map(|i| public.checked_add(i)).collect(),
    };
    let mut last = String::new();
    for p in ports {
        match TcpListener::bind(SocketAddr::new(opts.bind, p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = e.to_string(),
        }
    }
    Err(format!(
        "无法为内部版预览找到空闲端口（{public} 之后的 10 个端口都被占用）：{last}。请用 --port 指定其他端口（--port 0 自动选择）。"
    ))
}

fn url(addr: SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    format!("http://{host}:{}/", addr.port())
}

pub fn print_address(opts: &ServeOptions, addr: SocketAddr, internal: Option<SocketAddr>) {
    println!("预览地址：{}", url(addr));
    if let Some(i) = internal {
        println!("内部版地址（单独的端口）：{}", url(i));
    }
    if !addr.ip().is_loopback() {
        println!(
            "注意：预览监听 {}，同一网络中的其他电脑也能访问{}。",
            addr.ip(),
            if opts.internal {
                "，包括内部版的积分台账和个人明细"
            } else {
                ""
            }
        );
    }
    println!(
        "修改 {} 或 {} 中的文件并保存，浏览器会自动刷新。按 Ctrl-C 停止。",
        opts.content.display(),
        opts.theme.display()
    );
}
