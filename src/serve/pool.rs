//! The preview server's threads, fixed in number whatever the clients do: a pool of workers
//! behind a bounded queue (a burst of connections waits in the queue; beyond it a connection
//! is answered 503 at once and closed), and one hub thread that pushes status events to the
//! event stream of every open page (a page holds its stream for as long as it is open, so
//! streams must not hold workers).

use super::http;
use super::state::{Shared, Tree};
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Workers answering requests. A page load is a handful of small files from memory; the
/// margin is for the idle connections browsers open ahead of need (each holds a worker until
/// its request or the read timeout).
pub const WORKERS: usize = 16;
/// Connections waiting for a worker before new ones are turned away.
pub const QUEUE: usize = 64;
/// Open event streams (open preview pages) at most.
pub const MAX_STREAMS: usize = 64;

type Job = (TcpStream, Tree);

/// The queue in front of the workers; cloned into every accepting thread.
#[derive(Clone)]
pub struct Pool {
    tx: SyncSender<Job>,
}

impl Pool {
    pub fn start(shared: &Arc<Shared>) -> io::Result<Pool> {
        let hub = Hub::start(Arc::clone(shared))?;
        let (tx, rx) = sync_channel::<Job>(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..WORKERS {
            let rx = Arc::clone(&rx);
            let shared = Arc::clone(shared);
            let hub = Arc::clone(&hub);
            std::thread::Builder::new()
                .name(format!("preview-http-{i}"))
                .spawn(move || work(&rx, &shared, &hub))?;
        }
        Ok(Pool { tx })
    }

    /// Accepts connections for `tree` until the process ends (on its own thread).
    pub fn listen(&self, listener: TcpListener, tree: Tree) -> io::Result<()> {
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name(format!("preview-accept-{}", tree.folder()))
            .spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    match tx.try_send((stream, tree)) {
                        Ok(()) => {}
                        Err(TrySendError::Full((stream, _))) => busy(stream),
                        Err(TrySendError::Disconnected(_)) => return,
                    }
                }
            })?;
        Ok(())
    }
}

fn work(rx: &Mutex<Receiver<Job>>, shared: &Shared, hub: &Hub) {
    loop {
        let job = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((stream, tree)) = job else { return };
        let _ = http::handle(stream, tree, shared, hub);
    }
}

/// Turns a connection away without waiting for it (the browser retries after a second). What
/// has arrived of the request is read first: closing over unread bytes would reset the
/// connection instead of delivering the answer.
fn busy(mut stream: TcpStream) {
    let body = "预览服务繁忙，请稍后刷新。".as_bytes();
    if stream.set_nonblocking(true).is_ok() {
        let mut sink = [0u8; 4096];
        while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
        let _ = stream.set_nonblocking(false);
    }
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\nContent-Security-Policy: {}\r\n\r\n",
        body.len(),
        http::CSP
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

struct Stream {
    stream: TcpStream,
    /// The status version this page was last sent.
    seen: u64,
}

/// The open event streams and the thread that writes to them.
pub struct Hub {
    streams: Mutex<Vec<Stream>>,
    shared: Arc<Shared>,
}

impl Hub {
    fn start(shared: Arc<Shared>) -> io::Result<Arc<Hub>> {
        let hub = Arc::new(Hub {
            streams: Mutex::new(Vec::new()),
            shared,
        });
        let h = Arc::clone(&hub);
        std::thread::Builder::new()
            .name("preview-events".into())
            .spawn(move || {
                let mut seen = None;
                loop {
                    // A comment every 15 seconds notices closed pages.
                    let change = h.shared.wait_status(seen, Duration::from_secs(15));
                    if let Some((v, _)) = &change {
                        seen = Some(*v);
                    }
                    h.send(change);
                }
            })?;
        Ok(hub)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Stream>> {
        self.streams.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes over an event-stream request: answers the head and the current status, then
    /// the hub sends every change. The status is read under the streams' lock, so a change
    /// published meanwhile is sent by the hub, never lost.
    pub fn subscribe(&self, mut stream: TcpStream) -> io::Result<()> {
        let mut streams = self.lock();
        if streams.len() >= MAX_STREAMS {
            drop(streams);
            busy(stream);
            return Ok(());
        }
        stream.set_write_timeout(Some(Duration::from_secs(2)))?;
        let (version, json) = self.shared.status();
        stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n",
        )?;
        stream.write_all(format!("event: status\ndata: {json}\n\n").as_bytes())?;
        stream.flush()?;
        streams.push(Stream {
            stream,
            seen: version,
        });
        Ok(())
    }

    /// Sends a status change to every stream that has not seen it (a ping when `None`);
    /// streams that fail are dropped.
    fn send(&self, change: Option<(u64, serde_json::Value)>) {
        let mut streams = self.lock();
        streams.retain_mut(|s| {
            let r = match &change {
                Some((v, _)) if *v == s.seen => Ok(()),
                Some((v, json)) => {
                    s.seen = *v;
                    s.stream
                        .write_all(format!("event: status\ndata: {json}\n\n").as_bytes())
                }
                None => s.stream.write_all(b": ping\n\n"),
            };
            r.and_then(|()| s.stream.flush()).is_ok()
        });
    }
}
