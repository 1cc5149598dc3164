//! Showing what the GIL did: the `--gil-stats` table, the `--trace-gil`
//! Chrome trace (one track per thread, with spans "waiting for the GIL",
//! "running", "handing over" (after a forced switch), "blocked in I/O" and
//! "waiting on a lock, join or sleep", and an instant for each drop request
//! a thread sends), and the figures `sys._gil_stats()` returns.

use super::gil::GIL;
use super::gil_stats::{Event, Release, ThreadRecord};
use super::threads;
use std::fmt::Write;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// One thread's figures, copied out of the ledger.
pub struct ThreadFigures {
    pub ident: u64,
    pub name: String,
    pub instructions: u64,
    pub record: ThreadRecord,
}

/// The figures of every thread that has run, in start order, and the
/// settings they ran under.
pub struct Figures {
    pub policy: &'static str,
    pub switch_interval: Duration,
    pub switch_every: Option<u64>,
    pub threads: Vec<ThreadFigures>,
    /// The most threads ever seen holding the GIL at once (1, or a bug).
    pub most_running: u32,
}

/// A snapshot of the ledger.
pub fn figures() -> Figures {
    let state = GIL.state();
    let threads = threads::all()
        .into_iter()
        .map(|thread| ThreadFigures {
            ident: thread.ident,
            name: thread.name(),
            instructions: thread.instructions.load(Ordering::Relaxed),
            record: state
                .ledger
                .records
                .get(&thread.ident)
                .cloned()
                .unwrap_or_default(),
        })
        .collect();
    Figures {
        policy: state.policy.name(),
        switch_interval: state.switch_interval,
        switch_every: state.switch_every,
        threads,
        most_running: GIL.most_running.load(Ordering::Relaxed),
    }
}

/// Sums every thread's counters.
pub fn total(figures: &Figures) -> (u64, ThreadRecord) {
    let mut sum = ThreadRecord::default();
    let mut instructions = 0;
    for thread in &figures.threads {
        let record = &thread.record;
        instructions += thread.instructions;
        sum.held += record.held;
        sum.waiting += record.waiting;
        sum.acquisitions += record.acquisitions;
        sum.forced_switches += record.forced_switches;
        sum.voluntary_releases += record.voluntary_releases;
        sum.drop_requests += record.drop_requests;
        sum.most_after_drop_request = sum
            .most_after_drop_request
            .max(record.most_after_drop_request);
    }
    (instructions, sum)
}

/// The `--gil-stats` table.
pub fn stats_table() -> String {
    let figures = figures();
    let mut out = String::new();
    let switching = match figures.switch_every {
        Some(every) => format!("switch every {every} instructions"),
        None => format!(
            "switch interval {} ms",
            figures.switch_interval.as_secs_f64() * 1000.0
        ),
    };
    let _ = writeln!(
        out,
        "GIL statistics (policy {}, {switching})",
        figures.policy
    );
    let _ = writeln!(
        out,
        "{:<24} {:>13} {:>10} {:>10} {:>9} {:>7} {:>9} {:>8}",
        "thread",
        "instructions",
        "held ms",
        "wait ms",
        "acquired",
        "forced",
        "voluntary",
        "requests"
    );
    for thread in &figures.threads {
        stats_row(&mut out, &thread.name, thread.instructions, &thread.record);
    }
    let (instructions, sum) = total(&figures);
    stats_row(&mut out, "total", instructions, &sum);
    let _ = writeln!(
        out,
        "most threads running bytecode at once: {}\n\
         most instructions run between a drop request and the release: {}",
        figures.most_running, sum.most_after_drop_request
    );
    out
}

fn stats_row(out: &mut String, name: &str, instructions: u64, record: &ThreadRecord) {
    let milliseconds = |d: Duration| d.as_secs_f64() * 1000.0;
    let _ = writeln!(
        out,
        "{:<24} {:>13} {:>10.1} {:>10.1} {:>9} {:>7} {:>9} {:>8}",
        name,
        instructions,
        milliseconds(record.held),
        milliseconds(record.waiting),
        record.acquisitions,
        record.forced_switches,
        record.voluntary_releases,
        record.drop_requests
    );
}

/// The Chrome trace-event JSON of everything recorded (`--trace-gil`):
/// open it in Perfetto (ui.perfetto.dev) or `chrome://tracing`.
pub fn trace_json() -> String {
    let figures = figures();
    let mut events: Vec<String> = Vec::new();
    for thread in &figures.threads {
        events.push(format!(
            "{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":{},\"args\":{{\"name\":{}}}}}",
            thread.ident,
            json_string(&thread.name)
        ));
        trace_thread(&mut events, thread);
    }
    format!(
        "{{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n{}\n]}}\n",
        events.join(",\n")
    )
}

/// One thread's track: a span from each event to the next.
fn trace_thread(events: &mut Vec<String>, thread: &ThreadFigures) {
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    let mut open: Option<(&'static str, Duration)> = None;
    for &(at, event) in &thread.record.events {
        if let Event::DropRequest = event {
            events.push(format!(
                "{{\"name\":\"drop request\",\"ph\":\"i\",\"s\":\"t\",\"ts\":{:.3},\"pid\":1,\"tid\":{}}}",
                micros(at),
                thread.ident
            ));
            continue;
        }
        if let Some((name, since)) = open.take() {
            let reason = match event {
                Event::Release(why) => format!(",\"args\":{{\"released\":\"{}\"}}", why.name()),
                _ => String::new(),
            };
            events.push(span(name, since, at, thread.ident, &reason));
        }
        open = match event {
            Event::Request => Some(("waiting for the GIL", at)),
            Event::Acquire => Some(("running", at)),
            Event::Release(Release::Exit) => None,
            Event::Release(Release::Io) => Some(("blocked in I/O", at)),
            Event::Release(Release::Wait) => Some(("waiting on a lock, join or sleep", at)),
            Event::Release(Release::Forced | Release::Tick) => Some(("handing over", at)),
            Event::DropRequest => open,
        };
    }
    // A span still open when the trace is written ends now.
    if let Some((name, since)) = open {
        let now = std::time::Instant::now().duration_since(*super::gil_stats::START);
        events.push(span(name, since, now, thread.ident, ""));
    }
}

/// A complete ("X") event: a span of `name` on thread `tid`'s track.
fn span(name: &str, since: Duration, until: Duration, tid: u64, args: &str) -> String {
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    format!(
        "{{\"name\":\"{name}\",\"cat\":\"gil\",\"ph\":\"X\",\"ts\":{:.3},\"dur\":{:.3},\"pid\":1,\"tid\":{tid}{args}}}",
        micros(since),
        micros(until.saturating_sub(since)),
    )
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
