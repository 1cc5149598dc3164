//! A VM's life as one of several threads: starting on a new OS thread,
//! answering the eval breaker (drop requests, instruction quotas, Ctrl-C,
//! generators to close), describing where it blocks, and finishing.

use super::{Interpreter, Vm};
use crate::objects::exception::{raise, PyException};
use crate::objects::function::Args;
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};
use crate::runtime::deadlock;
use crate::runtime::gil::{
    COUNT_INSTRUCTIONS, DROP_REQUEST, GIL, PENDING_FINALIZERS, PENDING_SIGNAL,
};
use crate::runtime::threads::{self, ThreadState};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// How library code is named in tracebacks (`<pyl library threading>`).
const LIBRARY_PREFIX: &str = "<pyl library ";

impl Vm {
    /// Runs `function(*args)` as a new thread's whole life, on the OS
    /// thread that was started for it: takes the GIL, calls, reports an
    /// uncaught exception as CPython's `_thread` does, then finishes.
    pub fn run_thread(
        interp: Arc<Interpreter>,
        thread: Arc<ThreadState>,
        function: Value,
        args: Args,
    ) {
        threads::set_current(&thread);
        let token = GIL.acquire(&thread);
        let mut vm = Vm::with_thread(interp, token, thread);
        if let Err(error) = vm.call_with(&function, args) {
            vm.report_thread_exception(&function, error);
        }
        vm.finish_thread();
    }

    /// `Exception ignored in thread started by: <function f at 0x...>` and
    /// the traceback, on stderr; a `SystemExit` ends the thread quietly.
    fn report_thread_exception(&mut self, function: &Value, error: PyException) {
        if error.is(ExceptionKind::SystemExit) {
            return;
        }
        let described = self.repr(function).unwrap_or_default();
        let text = self.format_exception(&error.0);
        let report = format!("Exception ignored in thread started by: {described}\n{text}");
        let stderr = crate::modules::sys::stream(self, "stderr");
        let _ = crate::modules::builtins::write_text(self, &stderr, &report);
    }

    /// The end of a thread: what it abandoned is closed, its stacks are
    /// emptied under the GIL, threads joining it are released, and the GIL
    /// is given up for good. If that leaves every other thread blocked,
    /// nothing can ever wake them: that is reported.
    fn finish_thread(mut self) {
        self.run_finalizers();
        self.stack.clear();
        self.frames.clear();
        self.handled = None;
        let sentinels = std::mem::take(&mut *self.thread.sentinels.lock());
        for sentinel in sentinels {
            let _ = sentinel.release(self.thread.ident);
        }
        self.thread.alive.store(false, Ordering::Relaxed);
        if deadlock::check_after_exit().is_err() {
            self.report_deadlock();
        }
        let Vm { token, thread, .. } = self;
        GIL.release_at_exit(token, &thread);
    }

    /// The running thread's ident (`threading.get_ident()`).
    pub fn thread_ident(&self) -> u64 {
        self.thread.ident
    }

    /// Reacts to a set eval-breaker bit, between two instructions. Kept out
    /// of line: the eval loop's fast path must stay small.
    #[cold]
    #[inline(never)]
    pub(super) fn handle_eval_breaker(&mut self) -> PyResult<()> {
        let bits = self.thread.eval_breaker.load(Ordering::Relaxed);
        if bits & COUNT_INSTRUCTIONS != 0 {
            self.count_turn_instruction();
        }
        if bits & DROP_REQUEST != 0 {
            GIL.yield_to_waiter(&mut self.token, &self.thread);
        }
        if bits & PENDING_FINALIZERS != 0 {
            self.run_finalizers();
        }
        if bits & PENDING_SIGNAL != 0 {
            return self.keyboard_interrupt();
        }
        Ok(())
    }

    /// Counts one instruction of this turn; at the end of the quota the
    /// lock goes to the next thread (`ticks`, `--switch-every`).
    fn count_turn_instruction(&mut self) {
        if self.turn_instructions >= self.turn_quota {
            if self.turn_quota > 0 {
                GIL.yield_quota(&mut self.token, &self.thread);
            }
            self.turn_quota = GIL.quota().unwrap_or(u64::MAX);
            self.turn_instructions = 0;
        }
        self.turn_instructions += 1;
    }

    /// Consumes a pending Ctrl-C as `KeyboardInterrupt`.
    pub fn keyboard_interrupt(&mut self) -> PyResult<()> {
        self.thread
            .eval_breaker
            .fetch_and(!PENDING_SIGNAL, Ordering::SeqCst);
        raise(ExceptionKind::KeyboardInterrupt, "")
    }

    /// What this thread is about to wait in, and where, for the deadlock
    /// report: the library call the script made (`Thread.join()`,
    /// `Queue.get()`) or else the lock method itself, then the script's
    /// line that made it.
    pub fn blocking_site(&self, lock_type: &str) -> String {
        let is_library = |frame: &super::Frame| frame.code().filename.starts_with(LIBRARY_PREFIX);
        let user = self.frames.iter().rposition(|frame| !is_library(frame));
        let called = match user {
            Some(index) => self.frames.get(index + 1),
            None => self.frames.first(),
        };
        let what = match called {
            Some(frame) if is_library(frame) => format!("{}()", frame.code().qualname),
            _ => format!("{lock_type}.acquire()"),
        };
        let Some(frame) = user.map(|index| &self.frames[index]) else {
            return what;
        };
        let code = frame.code();
        let line = code.line_at(frame.ip.saturating_sub(1));
        let mut site = format!("{what} at {}, line {line}", code.filename);
        if let Some(text) = self.source_line(&code.filename, line) {
            site.push_str(&format!(": {text}"));
        }
        site
    }

    /// Every thread is blocked: says which waits on what, flushes what the
    /// script wrote, and ends the process with status 1.
    pub fn report_deadlock(&mut self) -> ! {
        let report = deadlock::report();
        crate::objects::file::flush_all(self);
        let stdout = self.interp.stdout.clone();
        let _ = crate::modules::builtins::flush(self, &stdout);
        eprint!("{report}");
        std::process::exit(1)
    }
}
