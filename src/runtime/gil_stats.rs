//! What the GIL saw: per-thread counters (`--gil-stats`, `sys._gil_stats()`)
//! and, when asked, the timestamped events behind `--trace-gil`.
//!
//! The ledger lives inside the GIL's own state, so every entry is written
//! under the protocol's mutex at the moment it happens: a thread asks for
//! the lock (REQUEST), gets it (ACQUIRE), gives it back (RELEASE, with the
//! reason), or asks the holder to drop it (DROP_REQUEST).

use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// Why a thread gave the GIL back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// It honoured another thread's drop request.
    Forced,
    /// It blocked in I/O (a write, a read, `input`).
    Io,
    /// It waited: `sleep`, a lock, a join, a queue, an event.
    Wait,
    /// Its instruction quota ran out (`ticks`, `--switch-every`).
    Tick,
    /// It finished.
    Exit,
}

impl Release {
    /// The word the statistics and the trace use.
    pub fn name(self) -> &'static str {
        match self {
            Release::Forced => "forced",
            Release::Io => "io",
            Release::Wait => "wait",
            Release::Tick => "tick",
            Release::Exit => "exit",
        }
    }

    /// True for a release the thread chose (it was about to block).
    pub fn is_voluntary(self) -> bool {
        matches!(self, Release::Io | Release::Wait)
    }
}

/// One moment in a thread's relation with the GIL.
#[derive(Clone, Copy, Debug)]
pub enum Event {
    Request,
    Acquire,
    Release(Release),
    /// This thread asked the holder to drop the lock.
    DropRequest,
}

/// The counters of one thread.
#[derive(Default, Clone)]
pub struct ThreadRecord {
    pub held: Duration,
    pub waiting: Duration,
    pub acquisitions: u64,
    pub forced_switches: u64,
    pub voluntary_releases: u64,
    /// Drop requests this thread sent to a holder.
    pub drop_requests: u64,
    /// The most instructions counted between a drop request to this thread
    /// and its release of the lock. The holder stops at the next boundary;
    /// the count can still read a few more, because the waiter reads the
    /// holder's counter while the holder's last stores to it may still sit
    /// in its CPU's store buffer (x86 lets a load pass earlier stores).
    pub most_after_drop_request: u64,
    requested_at: Option<Instant>,
    acquired_at: Option<Instant>,
    /// The holder's instruction count when a drop request reached it.
    drop_request_mark: Option<u64>,
    /// Timestamped events, kept only while tracing.
    pub events: Vec<(Duration, Event)>,
}

/// The zero point of every timestamp.
pub static START: LazyLock<Instant> = LazyLock::new(Instant::now);

/// The counters of every thread, and whether events are kept.
#[derive(Default)]
pub struct GilLedger {
    pub records: BTreeMap<u64, ThreadRecord>,
    pub tracing: bool,
}

impl GilLedger {
    fn record(&mut self, ident: u64) -> &mut ThreadRecord {
        self.records.entry(ident).or_default()
    }

    fn note(&mut self, ident: u64, now: Instant, event: Event) {
        let tracing = self.tracing;
        let record = self.record(ident);
        if tracing {
            record.events.push((now.duration_since(*START), event));
        }
    }

    /// `ident` asks for the lock.
    pub fn request(&mut self, ident: u64, now: Instant) {
        self.record(ident).requested_at = Some(now);
        self.note(ident, now, Event::Request);
    }

    /// `ident` got the lock.
    pub fn acquire(&mut self, ident: u64, now: Instant) {
        let record = self.record(ident);
        if let Some(asked) = record.requested_at.take() {
            record.waiting += now.saturating_duration_since(asked);
        }
        record.acquired_at = Some(now);
        record.acquisitions += 1;
        record.drop_request_mark = None;
        self.note(ident, now, Event::Acquire);
    }

    /// `ident` gave the lock back, having executed `instructions` in all.
    pub fn release(&mut self, ident: u64, now: Instant, why: Release, instructions: u64) {
        let record = self.record(ident);
        if let Some(since) = record.acquired_at.take() {
            record.held += now.saturating_duration_since(since);
        }
        if let Some(mark) = record.drop_request_mark.take() {
            let ran = instructions.saturating_sub(mark);
            record.most_after_drop_request = record.most_after_drop_request.max(ran);
        }
        match why {
            Release::Forced => record.forced_switches += 1,
            why if why.is_voluntary() => record.voluntary_releases += 1,
            _ => {}
        }
        self.note(ident, now, Event::Release(why));
    }

    /// `waiter` asked `holder` (at its `instructions`-th instruction) to drop
    /// the lock. Only the first request of a holding period is measured.
    pub fn drop_request(&mut self, waiter: u64, holder: u64, instructions: u64, now: Instant) {
        self.record(waiter).drop_requests += 1;
        let record = self.record(holder);
        record.drop_request_mark.get_or_insert(instructions);
        self.note(waiter, now, Event::DropRequest);
    }
}
