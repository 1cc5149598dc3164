//! Printing an uncaught exception as CPython does: the chain of causes and
//! contexts first, each with `Traceback (most recent call last):`, its
//! frames (file, line, function and the source line) and `Type: message`.

use super::Vm;
use crate::objects::exception::ExceptionObject;
use std::sync::Arc;

const CAUSE_MESSAGE: &str =
    "\nThe above exception was the direct cause of the following exception:\n\n";
const CONTEXT_MESSAGE: &str =
    "\nDuring handling of the above exception, another exception occurred:\n\n";

impl Vm {
    /// The full report of an uncaught exception, chained exceptions first.
    pub fn format_exception(&mut self, exception: &Arc<ExceptionObject>) -> String {
        let mut seen: Vec<usize> = Vec::new();
        self.format_chain(exception, &mut seen)
    }

    fn format_chain(&mut self, exception: &Arc<ExceptionObject>, seen: &mut Vec<usize>) -> String {
        seen.push(Arc::as_ptr(exception) as usize);
        let state = exception.state.ro(&self.token);
        let (cause, context, suppress) = (
            state.cause.clone(),
            state.context.clone(),
            state.suppress_context,
        );
        let unseen = |e: &Arc<ExceptionObject>, seen: &Vec<usize>| {
            !seen.contains(&(Arc::as_ptr(e) as usize))
        };
        let mut out = String::new();
        if let Some(cause) = cause.filter(|c| unseen(c, seen)) {
            out.push_str(&self.format_chain(&cause, seen));
            out.push_str(CAUSE_MESSAGE);
        } else if let Some(context) = context.filter(|c| !suppress && unseen(c, seen)) {
            out.push_str(&self.format_chain(&context, seen));
            out.push_str(CONTEXT_MESSAGE);
        }
        out.push_str(&self.format_single(exception));
        out
    }

    /// One exception: its traceback (if it has one) and its last line.
    pub(super) fn format_single(&mut self, exception: &Arc<ExceptionObject>) -> String {
        let entries = exception.state.ro(&self.token).traceback.clone();
        let mut out = String::new();
        if !entries.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            for entry in entries.iter().rev() {
                let code = &entry.code;
                out.push_str(&format!(
                    "  File \"{}\", line {}, in {}\n",
                    code.filename, entry.line, code.name
                ));
                if let Some(text) = self.source_line(&code.filename, entry.line) {
                    out.push_str(&format!("    {text}\n"));
                }
            }
        }
        if let Some(block) = crate::syntax::location_block(exception) {
            out.push_str(&block);
        }
        out.push_str(&self.exception_last_line(exception));
        out.push('\n');
        out
    }

    /// `Type: message`, or just `Type` when the message is empty.
    pub fn exception_last_line(&mut self, exception: &Arc<ExceptionObject>) -> String {
        // `str(e)`: a user class's `__str__` decides the message.
        let message = self
            .str(&crate::objects::Value::Exception(exception.clone()))
            .unwrap_or_else(|_| "<exception str() failed>".into());
        // A class from another module is named with it, as CPython does:
        // `json.decoder.JSONDecodeError: ...`.
        let module = exception.class.dict.as_ref().and_then(|dict| {
            match dict.data.ro(&self.token).get_str("__module__") {
                Some(crate::objects::Value::Str(module)) if module.as_str() != "__main__" => {
                    Some(module.as_str().to_string())
                }
                _ => None,
            }
        });
        let name = match module {
            Some(module) => format!("{module}.{}", exception.class.name),
            None => exception.class.name.clone(),
        };
        if message.is_empty() {
            name
        } else {
            format!("{name}: {message}")
        }
    }

    /// Line `line` of a registered source file, stripped.
    pub(super) fn source_line(&self, filename: &str, line: u32) -> Option<String> {
        let sources = self.interp.sources.ro(&self.token);
        let source = sources.get(filename)?;
        let text = source.lines().nth(line.checked_sub(1)? as usize)?;
        let stripped = text.trim();
        (!stripped.is_empty()).then(|| stripped.to_string())
    }
}
