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

/// The addresses colleagues on the network use when the preview listens on all interfaces
/// (`--bind 0.0.0.0` or `::`): one URL per non-loopback address of this machine of the
/// bound family. Empty when bound to one address.
pub fn lan_urls(addr: SocketAddr, interfaces: &[std::net::IpAddr]) -> Vec<String> {
    if !addr.ip().is_unspecified() {
        return Vec::new();
    }
    let mut out: Vec<String> = interfaces
        .iter()
        .filter(|ip| !ip.is_loopback() && ip.is_ipv4() == addr.is_ipv4())
        .filter(|ip| match ip {
            // Link-local IPv6 needs a zone to be usable in a URL: leave it out.
            std::net::IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) != 0xfe80,
            std::net::IpAddr::V4(_) => true,
        })
        .map(|ip| url(SocketAddr::new(*ip, addr.port())))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// This machine's interface addresses (empty if they can't be listed).
fn interfaces() -> Vec<std::net::IpAddr> {
    if_addrs::get_if_addrs()
        .map(|v| v.into_iter().map(|i| i.ip()).collect())
        .unwrap_or_default()
}

/// The URL a browser on this machine opens.
pub fn local_url(addr: SocketAddr) -> String {
    url(addr)
}

pub fn print_address(opts: &ServeOptions, addr: SocketAddr, internal: Option<SocketAddr>) {
    println!("预览地址：{}", url(addr));
    let ifaces = interfaces();
    let lan = lan_urls(addr, &ifaces);
    if !lan.is_empty() {
        println!("同一网络中的其他电脑请用：{}", lan.join("  "));
    }
    if let Some(i) = internal {
        println!("内部版地址（单独的端口）：{}", url(i));
        let lan = lan_urls(i, &ifaces);
        if !lan.is_empty() {
            println!("其他电脑打开内部版：{}", lan.join("  "));
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    #[test]
    fn all_interfaces_print_the_addresses_colleagues_use() {
        let ifaces: Vec<IpAddr> = [
            "127.0.0.1",
            "192.168.1.23",
            "10.0.0.5",
            "::1",
            "fe80::1",
            "2001:db8::7",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        let any4: SocketAddr = "0.0.0.0:8000".parse().unwrap();
        assert_eq!(
            lan_urls(any4, &ifaces),
            ["http://10.0.0.5:8000/", "http://192.168.1.23:8000/"]
        );
        let any6: SocketAddr = "[::]:8000".parse().unwrap();
        assert_eq!(lan_urls(any6, &ifaces), ["http://[2001:db8::7]:8000/"]);
        let one: SocketAddr = "127.0.0.1:8000".parse().unwrap();
        assert!(lan_urls(one, &ifaces).is_empty());
        assert_eq!(url(any4), "http://127.0.0.1:8000/");
    }
}
