//! A background thread that always works on the newest job (the search index, the booklets).

use super::lock;
use std::sync::{Arc, Condvar, Mutex};

/// A background thread that always works on the newest job: jobs submitted while it is busy
/// replace each other, so a burst of edits costs one more run, not one per edit.
pub struct Worker<J> {
    slot: Arc<(Mutex<Option<J>>, Condvar)>,
}

impl<J: Send + 'static> Worker<J> {
    pub fn start(name: &str, mut work: impl FnMut(J) + Send + 'static) -> Option<Worker<J>> {
        let slot: Arc<(Mutex<Option<J>>, Condvar)> = Arc::new((Mutex::new(None), Condvar::new()));
        let inner = Arc::clone(&slot);
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                loop {
                    let job = {
                        let mut g = lock(&inner.0);
                        loop {
                            if let Some(j) = g.take() {
                                break j;
                            }
                            g = inner.1.wait(g).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    work(job);
                }
            })
            .ok()?;
        Some(Worker { slot })
    }

    pub fn submit(&self, job: J) {
        *lock(&self.slot.0) = Some(job);
        self.slot.1.notify_one();
    }
}
