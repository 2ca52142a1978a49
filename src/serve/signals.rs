//! Stopping the preview: Ctrl-C, and on Unix SIGTERM and SIGHUP too (the `ctrlc` crate with
//! its `termination` feature), run one stop routine on a thread of their own.

/// Runs `stop` on Ctrl-C (and, on Unix, on SIGTERM and SIGHUP). The handlers are in place
/// when this returns.
pub fn on_stop(stop: impl FnOnce() + Send + 'static) -> Result<(), String> {
    let mut stop = Some(stop);
    ctrlc::set_handler(move || {
        // A second signal while stopping finds `stop` taken and does nothing.
        if let Some(f) = stop.take() {
            f();
        }
    })
    .map_err(|e| format!("无法注册 Ctrl-C 处理：{e}"))
}
