//! The write-behind saver: changes wait for the next task (the page shows them first),
//! are written together, and a refused write is said, never swallowed.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::History;
use crate::browser::history_db::Writes;
use crate::browser::idb::IdbError;
use crate::browser::perf;
use crate::domain::history::{self, news::News};

/// Why the history could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The browser offers no storage for it here (a private mode, a policy).
    Unavailable(String),
    /// The browser's storage for this site is full.
    Full,
    /// The browser refused the write.
    Refused(String),
    /// The console service refused it or could not be reached (its sentence).
    Service(String),
}

impl From<IdbError> for SaveError {
    fn from(error: IdbError) -> Self {
        if error.is_quota() { SaveError::Full } else { SaveError::Refused(error.to_string()) }
    }
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Unavailable(why) => {
                write!(f, "this browser does not allow saving it ({why})")
            }
            SaveError::Full => f.write_str("the browser's storage for this site is full"),
            SaveError::Refused(why) => write!(f, "the browser refused to write it ({why})"),
            SaveError::Service(why) => write!(f, "the shared record did not take it: {why}"),
        }
    }
}

/// What is waiting to be written: runs whole, or some chunks of a run's devices.
#[derive(Default)]
pub(super) struct Pending {
    whole: Vec<u64>,
    chunks: Vec<(u64, Vec<usize>)>,
}

impl Pending {
    pub(super) fn whole(&mut self, id: u64) {
        if !self.whole.contains(&id) {
            self.whole.push(id);
        }
    }

    /// The chunks holding the devices at `positions` of run `id`.
    pub(super) fn devices(&mut self, id: u64, positions: &[usize]) {
        let at = match self.chunks.iter().position(|(run, _)| *run == id) {
            Some(at) => at,
            None => {
                self.chunks.push((id, Vec::new()));
                self.chunks.len() - 1
            }
        };
        let chunks = &mut self.chunks[at].1;
        for &position in positions {
            let chunk = history::chunk_of(position);
            if !chunks.contains(&chunk) {
                chunks.push(chunk);
            }
        }
    }

    pub(super) fn forget(&mut self, id: u64) {
        self.whole.retain(|&run| run != id);
        self.chunks.retain(|(run, _)| *run != id);
    }

    /// The runs with changes waiting.
    pub(super) fn runs(&self) -> Vec<u64> {
        self.whole.iter().copied().chain(self.chunks.iter().map(|(id, _)| *id)).collect()
    }

    fn is_empty(&self) -> bool {
        self.whole.is_empty() && self.chunks.is_empty()
    }
}

impl History {
    /// Saves in the next task, after the page shows the change: the administrator should
    /// see an answer first. Changes made in the same turn share one write.
    pub fn save_soon(&self) {
        let queued = self.storage.try_update_value(|k| std::mem::replace(&mut k.save_queued, true));
        if queued != Some(false) {
            return;
        }
        let history = *self;
        gloo_timers::callback::Timeout::new(0, move || history.flush()).forget();
    }

    /// Writes what is waiting, now: runs whole, and the changed devices of the others.
    pub fn flush(&self) {
        let pending = self
            .storage
            .try_update_value(|k| {
                k.save_queued = false;
                std::mem::take(&mut k.pending)
            })
            .unwrap_or_default();
        if pending.is_empty() {
            return;
        }
        if self.shared.get_untracked() {
            self.flush_shared(&pending.whole, &pending.chunks);
            return;
        }
        // The benchmark reads how long this task spends on a write, and when it commits.
        perf::start("history-write");
        let mut writes = Writes::default();
        let mut news = News::default();
        self.with_all_untracked(|runs| {
            for run in runs {
                if pending.whole.contains(&run.id) {
                    writes.run(run);
                    news.runs.push(run.id);
                } else if let Some((_, chunks)) =
                    pending.chunks.iter().find(|(id, _)| *id == run.id)
                {
                    let devices: Vec<_> = run.devices.chunks(history::CHUNK).collect();
                    for &chunk in chunks {
                        if let Some(tracks) = devices.get(chunk) {
                            writes.chunk(run.id, chunk, tracks);
                        }
                    }
                    news.chunks.push((run.id, chunks.clone()));
                }
            }
        });
        let Some(db) = self.database() else {
            self.report(Err(SaveError::Unavailable("no history is open".into())));
            return;
        };
        let history = *self;
        perf::note("history-write:devices", writes.devices);
        let written = db.write(writes);
        perf::measure_now("history-write");
        spawn_local(async move {
            let written = written.await.map_err(SaveError::from);
            perf::measure_since("history-commit", "history-write");
            history.report(written.map(|()| news));
        });
    }

    /// Says whether a write succeeded; tells the other tabs what it wrote.
    pub(super) fn report(&self, written: Result<News, SaveError>) {
        let failure = match written {
            Ok(news) => {
                if !news.is_empty() {
                    self.storage.with_value(|k| {
                        if let Some(channel) = &k.channel {
                            channel.post(&news.encode())
                        }
                    });
                }
                None
            }
            Err(error) => Some(error),
        };
        // A refused write must be said, not swallowed: the page still holds everything,
        // and the administrator can export or delete runs before closing it.
        if self.unsaved.get_untracked() != failure {
            self.set_unsaved.set(failure);
        }
    }

    /// A tab closed or navigated away within the task a save waits for still gets it.
    pub fn flush_on_pagehide(self) {
        // The handle is dropped, not removed: the listener stays for the page's life, as
        // the console does.
        drop(window_event_listener(leptos::ev::pagehide, move |_| self.flush()));
    }
}
