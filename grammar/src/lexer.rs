//! The indentation layer: turns the scanner's tokens into the token stream
//! the grammar reads, with NEWLINE, INDENT and DEDENT made explicit.
//!
//! Notes about the implementation (they follow CPython's `tokenizer.c`):
//! * A stack of indentation widths decides INDENT / DEDENT at the first
//!   token of each logical line. Widths are measured twice, with tabs to
//!   the next multiple of 8 and with tabs as 1 column; if the two ways
//!   disagree about which line is deeper, that is a `TabError`.
//! * Inside brackets line breaks are not NEWLINEs (implicit line joining),
//!   so the layer keeps a stack of open brackets, which also gives the
//!   "'(' was never closed" and mismatched-bracket messages.
//! * Blank lines and comment-only lines produce nothing at all.
//! * A line ending in `:` at bracket depth 0 opens a block: if the next
//!   line is not indented, the layer reports CPython's "expected an
//!   indented block after 'if' statement on line N".
//! * The generated parser is a loop, but the AST it builds and everything
//!   that walks the AST recurse. The layer therefore bounds how deeply a
//!   statement's expressions can nest (see `NestingBudget`), so that no
//!   input, not even 100,000 unary minuses, can overflow the Rust stack.

use crate::ast::Span;
use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::scan_errors::{check_name, check_number, lex_error, line_of, syntax_error};
use crate::token::Token;
use logos::Logos;
use std::collections::VecDeque;

/// A token with its byte span, as lalrpop wants it: `(start, token, end)`.
pub type Spanned = (usize, Token, usize);

/// CPython's limit on nested indented blocks.
const MAX_INDENT_LEVELS: usize = 100;
/// CPython's limit on nested open brackets.
const MAX_BRACKETS: usize = 200;
/// pyl's limit on how deeply one statement's expressions may nest.
pub const MAX_NESTING: usize = 3000;

/// One level of the indentation stack, measured two ways (see the notes).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Indent {
    col: usize,
    alt_col: usize,
}

/// An open bracket: which one and where.
#[derive(Clone, Copy, Debug)]
struct Bracket {
    open: char,
    start: usize,
}

/// What the layer remembers about the logical line being read.
#[derive(Default)]
struct LogicalLine {
    len: usize,
    first: Option<Token>,
    first_start: usize,
    last: Option<Token>,
}

/// The tokens the parser has most recently been given, for error messages.
#[derive(Default, Clone)]
pub(crate) struct Recent {
    /// The token before `current`.
    pub previous: Option<Token>,
    /// The last token handed to the parser.
    pub current: Option<Token>,
    /// The bracket depth just before `current`.
    pub depth_before_current: usize,
    /// How many tokens of its logical line `current` completes.
    pub line_len: usize,
    /// The first token of the logical line `current` belongs to.
    pub line_first: Option<Token>,
}

/// The indentation layer over a `logos` scanner; an iterator of tokens.
pub struct Lexer<'src> {
    source: &'src str,
    /// Added to every position: a nested f-string expression is lexed on
    /// its own text but its spans point into the whole file.
    base: usize,
    scanner: logos::Lexer<'src, Token>,
    pending: VecDeque<Spanned>,
    indents: Vec<Indent>,
    brackets: Vec<Bracket>,
    budget: NestingBudget,
    line: LogicalLine,
    /// Where the physical line being read starts.
    raw_line_start: usize,
    /// The start of the last line if it ended with `:` (a block header).
    header: Option<usize>,
    expression_mode: bool,
    finished: bool,
    last_end: usize,
    pub(crate) recent: Recent,
}

impl<'src> Lexer<'src> {
    /// A lexer for a whole module.
    pub fn new(source: &'src str) -> Lexer<'src> {
        Lexer {
            source,
            base: 0,
            scanner: Token::lexer(source),
            pending: VecDeque::new(),
            indents: vec![Indent { col: 0, alt_col: 0 }],
            brackets: Vec::new(),
            budget: NestingBudget::default(),
            line: LogicalLine::default(),
            raw_line_start: 0,
            header: None,
            expression_mode: false,
            finished: false,
            last_end: 0,
            recent: Recent::default(),
        }
    }

    /// A lexer for one expression that starts at byte `base` of the file
    /// (an f-string field, or `parse_expression`). Line breaks inside it
    /// are ignored, as if it were in parentheses, and the first token is
    /// `ExpressionMode` so that the grammar knows what to expect.
    pub fn for_expression(source: &'src str, base: usize) -> Lexer<'src> {
        let mut lexer = Lexer::new(source);
        lexer.base = base;
        lexer.expression_mode = true;
        lexer.pending.push_back((base, Token::ExpressionMode, base));
        lexer
    }

    /// Reads scanner tokens until at least one parser token is pending or
    /// the input is exhausted.
    fn advance(&mut self) -> Result<(), SyntaxError> {
        loop {
            let Some(result) = self.scanner.next() else {
                return self.end_of_input();
            };
            let span = self.scanner.span();
            let token = result.map_err(|e| lex_error(self.source, e, span.start, self.base))?;
            if token == Token::Newline {
                if self.newline(span.start, span.end)? {
                    return Ok(());
                }
                continue;
            }
            if self.line.len == 0 && !self.expression_mode {
                self.start_line(span.start)?;
            }
            return self.push_token(token, span.start, span.end);
        }
    }

    /// Handles a physical line break; true if it ended a logical line
    /// (and a NEWLINE token is now pending).
    fn newline(&mut self, start: usize, end: usize) -> Result<bool, SyntaxError> {
        self.raw_line_start = end;
        if !self.brackets.is_empty() || self.expression_mode || self.line.len == 0 {
            return Ok(false);
        }
        self.end_logical_line()?;
        self.pending
            .push_back((self.base + start, Token::Newline, self.base + end));
        Ok(true)
    }

    /// Bookkeeping at the end of a logical line: is it a block header, is
    /// it a `match` statement?
    fn end_logical_line(&mut self) -> Result<(), SyntaxError> {
        let ends_with_colon = self.line.last == Some(Token::Colon);
        if ends_with_colon && self.line.first == Some(Token::Name("match".into())) {
            return Err(self.unsupported("'match' statements", self.line.first_start));
        }
        self.header = ends_with_colon.then_some(self.line.first_start);
        self.line = LogicalLine::default();
        self.budget = NestingBudget::default();
        Ok(())
    }

    /// At the end of the input: close the last line and every open block.
    fn end_of_input(&mut self) -> Result<(), SyntaxError> {
        self.finished = true;
        if let Some(bracket) = self.brackets.last() {
            let start = self.base + bracket.start;
            let message = format!("'{}' was never closed", bracket.open);
            let mut error = syntax_error(message, start, start + 1);
            error.unexpected_eof = true;
            return Err(error);
        }
        if self.expression_mode {
            return Ok(());
        }
        let end = self.source.len();
        if self.line.len > 0 {
            self.end_logical_line()?;
            self.pending.push_back((end, Token::Newline, end));
        }
        if let Some(header) = self.header {
            // CPython points just after the header's `:`.
            let mut error = self.missing_block(header, self.last_end - self.base);
            error.unexpected_eof = true;
            return Err(error);
        }
        for _ in 1..self.indents.len() {
            self.pending
                .push_back((self.last_end, Token::Dedent, self.last_end));
        }
        Ok(())
    }

    /// Measures the indentation of the line whose first token starts at
    /// `token_start` and queues the INDENT or DEDENTs it implies.
    fn start_line(&mut self, token_start: usize) -> Result<(), SyntaxError> {
        let indent = measure_indent(&self.source[self.raw_line_start..token_start]);
        let top = self
            .indents
            .last()
            .copied()
            .unwrap_or(Indent { col: 0, alt_col: 0 });
        let header = self.header.take();
        let here = token_start;
        if indent.col > top.col {
            if header.is_none() {
                return Err(self.indentation_error("unexpected indent", here));
            }
            if self.indents.len() >= MAX_INDENT_LEVELS {
                return Err(self.indentation_error("too many levels of indentation", here));
            }
            if indent.alt_col <= top.alt_col {
                return Err(self.tab_error(here));
            }
            self.indents.push(indent);
            self.pending
                .push_back((self.base + here, Token::Indent, self.base + here));
            return Ok(());
        }
        if let Some(header) = header {
            return Err(self.missing_block(header, here));
        }
        self.dedent_to(indent, here)
    }

    /// Pops indentation levels down to `indent`, queueing one DEDENT each.
    fn dedent_to(&mut self, indent: Indent, here: usize) -> Result<(), SyntaxError> {
        while self.indents.len() > 1 && self.indents.last().is_some_and(|top| indent.col < top.col)
        {
            self.indents.pop();
            self.pending
                .push_back((self.last_end, Token::Dedent, self.last_end));
        }
        let top = self
            .indents
            .last()
            .copied()
            .unwrap_or(Indent { col: 0, alt_col: 0 });
        if indent.col != top.col {
            let message = "unindent does not match any outer indentation level";
            return Err(self.indentation_error(message, here));
        }
        if indent.alt_col != top.alt_col {
            return Err(self.tab_error(here));
        }
        Ok(())
    }

    /// Checks one scanner token, updates the layer's state and queues it.
    fn push_token(
        &mut self,
        mut token: Token,
        start: usize,
        end: usize,
    ) -> Result<(), SyntaxError> {
        match &mut token {
            // The scanner knows only positions in the text it was given.
            Token::String(literal) => {
                literal.body_start += self.base;
                self.check_soft_keyword_statement(start)?;
            }
            Token::Name(name) => {
                check_name(name, start).map_err(|e| self.rebase(e))?;
                self.check_soft_keyword_statement(start)?;
            }
            Token::Number(_) => {
                check_number(self.source, start, end).map_err(|e| self.rebase(e))?
            }
            Token::LBrace | Token::None | Token::True | Token::False => {
                self.check_soft_keyword_statement(start)?
            }
            _ => {}
        }
        if token == Token::LPar && self.line.last == Some(Token::With) && self.parenthesized_with()
        {
            token = Token::WithItemsLPar;
        }
        self.track_brackets(&token, start)?;
        if self.budget.count(&token) > MAX_NESTING {
            let message = format!("too many nested expressions (pyl allows {MAX_NESTING} levels)");
            return Err(syntax_error(message, self.base + start, self.base + end));
        }
        if self.line.len == 0 {
            self.line.first = Some(token.clone());
            self.line.first_start = start;
        }
        self.line.len += 1;
        self.line.last = Some(token.clone());
        self.last_end = self.base + end;
        self.pending
            .push_back((self.base + start, token, self.base + end));
        Ok(())
    }

    /// Rejects `match x:` and `type X = ...` as soon as their second token
    /// shows that `match` / `type` is used as a keyword, not as a name.
    fn check_soft_keyword_statement(&self, start: usize) -> Result<(), SyntaxError> {
        if self.line.len != 1 {
            return Ok(());
        }
        let first = self.line.first_start;
        match &self.line.first {
            Some(Token::Name(word)) if word == "match" => {
                Err(self.unsupported("'match' statements", first))
            }
            Some(Token::Name(word))
                if word == "type" && self.source[start..].starts_with(is_name_start) =>
            {
                Err(self.unsupported("'type' statements", first))
            }
            _ => Ok(()),
        }
    }

    /// Keeps the stack of open brackets and reports unbalanced ones.
    fn track_brackets(&mut self, token: &Token, start: usize) -> Result<(), SyntaxError> {
        let open = match token {
            Token::LPar | Token::WithItemsLPar => '(',
            Token::LSqb => '[',
            Token::LBrace => '{',
            Token::RPar | Token::RSqb | Token::RBrace => return self.close_bracket(token, start),
            _ => return Ok(()),
        };
        if self.brackets.len() >= MAX_BRACKETS {
            return Err(syntax_error(
                "too many nested parentheses",
                self.base + start,
                self.base + start + 1,
            ));
        }
        self.brackets.push(Bracket { open, start });
        Ok(())
    }

    /// Pops the bracket that `token` closes, checking that it matches.
    fn close_bracket(&mut self, token: &Token, start: usize) -> Result<(), SyntaxError> {
        let (close, open) = match token {
            Token::RPar => (')', '('),
            Token::RSqb => (']', '['),
            _ => ('}', '{'),
        };
        let here = self.base + start;
        let Some(bracket) = self.brackets.pop() else {
            return Err(syntax_error(format!("unmatched '{close}'"), here, here + 1));
        };
        if bracket.open == open {
            return Ok(());
        }
        let mut message = format!(
            "closing parenthesis '{close}' does not match opening parenthesis '{}'",
            bracket.open
        );
        let open_line = line_of(self.source, bracket.start);
        if open_line != line_of(self.source, start) {
            message.push_str(&format!(" on line {open_line}"));
        }
        Err(syntax_error(message, here, here + 1))
    }

    /// After `with`, a `(` whose matching `)` is followed by `:` opens the
    /// parenthesised form `with (a as b, c):` rather than an expression.
    fn parenthesized_with(&self) -> bool {
        let mut scanner = self.scanner.clone();
        let mut depth = 1;
        while let Some(Ok(token)) = scanner.next() {
            match token {
                Token::LPar | Token::LSqb | Token::LBrace => depth += 1,
                Token::RPar | Token::RSqb | Token::RBrace => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                return matches!(scanner.next(), Some(Ok(Token::Colon)));
            }
        }
        false
    }

    /// CPython's error for a block header with no indented block under it.
    fn missing_block(&self, header_start: usize, here: usize) -> SyntaxError {
        let line = line_of(self.source, header_start);
        let rest = self.source[header_start..]
            .trim_start_matches("async")
            .trim_start();
        let what = match rest
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("")
        {
            "def" => "function definition".to_string(),
            "class" => "class definition".to_string(),
            word => format!("'{word}' statement"),
        };
        let message = format!("expected an indented block after {what} on line {line}");
        self.indentation_error(&message, here)
    }

    /// An `IndentationError` at byte `here`.
    fn indentation_error(&self, message: &str, here: usize) -> SyntaxError {
        let span = Span::new(self.base + here, self.base + here + 1);
        SyntaxError::new(SyntaxErrorKind::Indentation, message, span)
    }

    /// A `TabError` at byte `here`.
    fn tab_error(&self, here: usize) -> SyntaxError {
        let span = Span::new(self.base + here, self.base + here + 1);
        let message = "inconsistent use of tabs and spaces in indentation";
        SyntaxError::new(SyntaxErrorKind::Tab, message, span)
    }

    /// The error for a Python feature pyl leaves out, at byte `here`.
    fn unsupported(&self, feature: &str, here: usize) -> SyntaxError {
        let message = format!("{feature} are not supported by pyl");
        syntax_error(message, self.base + here, self.base + here + 1)
    }

    /// Moves an error's span by `base` (checks report local positions).
    fn rebase(&self, mut error: SyntaxError) -> SyntaxError {
        error.span = Span::new(error.span.start + self.base, error.span.end + self.base);
        error
    }

    /// The current bracket depth.
    fn depth(&self) -> usize {
        self.brackets.len()
    }
}

impl Iterator for Lexer<'_> {
    type Item = Result<Spanned, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pending.is_empty() && !self.finished {
            if let Err(error) = self.advance() {
                self.finished = true;
                self.pending.clear();
                return Some(Err(error));
            }
        }
        let spanned = self.pending.pop_front()?;
        self.recent.previous = self.recent.current.take();
        self.recent.current = Some(spanned.1.clone());
        // An expression being lexed alone counts as one bracket deep.
        let depth = self.depth() + usize::from(self.expression_mode);
        self.recent.depth_before_current =
            depth.saturating_sub(usize::from(opens_bracket(&spanned.1)));
        self.recent.line_len = self.line.len;
        if self.line.len > 0 {
            self.recent.line_first = self.line.first.clone();
        }
        Some(Ok(spanned))
    }
}

/// True for a token that opens a bracket.
fn opens_bracket(token: &Token) -> bool {
    matches!(
        token,
        Token::LPar | Token::LSqb | Token::LBrace | Token::WithItemsLPar
    )
}

/// True if `c` can start a name.
fn is_name_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

/// The width of a line's leading whitespace, measured both ways.
fn measure_indent(prefix: &str) -> Indent {
    let mut indent = Indent { col: 0, alt_col: 0 };
    for c in prefix.chars() {
        match c {
            ' ' => {
                indent.col += 1;
                indent.alt_col += 1;
            }
            '\t' => {
                indent.col = (indent.col / 8 + 1) * 8;
                indent.alt_col += 1;
            }
            // A form feed resets the column, as in CPython.
            '\x0c' => indent = Indent { col: 0, alt_col: 0 },
            _ => break,
        }
    }
    indent
}

/// An upper bound on how deeply the current statement's expressions nest.
///
/// Every operator, `.`, `not`, `await`, ternary `if` or bracket can add a
/// level to the tree; a `,` or `=` starts a new sibling, so it resets the
/// count of its bracket level. The sum over the open bracket levels, plus
/// one per `lambda`, bounds the depth of the tree being built.
#[derive(Default)]
struct NestingBudget {
    per_level: Vec<usize>,
    total: usize,
}

impl NestingBudget {
    /// Accounts for `token` and returns the new bound.
    fn count(&mut self, token: &Token) -> usize {
        if self.per_level.is_empty() {
            self.per_level.push(0);
        }
        match token {
            Token::Comma | Token::Semi | Token::Equal => self.reset_level(),
            // `lambda a=lambda b=...` nests through its defaults, across
            // the `=` and `,` that reset other counts: never forget one.
            Token::Lambda => self.total += 1,
            Token::RPar | Token::RSqb | Token::RBrace => {
                let inner = self.per_level.pop().unwrap_or(0);
                self.total -= inner;
                if self.per_level.is_empty() {
                    self.per_level.push(0);
                }
            }
            token if opens_bracket(token) => {
                self.add_one();
                self.per_level.push(0);
            }
            token if adds_nesting(token) => self.add_one(),
            _ => {}
        }
        self.total
    }

    /// One more possible level at the innermost bracket.
    fn add_one(&mut self) {
        if let Some(count) = self.per_level.last_mut() {
            *count += 1;
            self.total += 1;
        }
    }

    /// A separator: what follows is a sibling, not a child.
    fn reset_level(&mut self) {
        if let Some(count) = self.per_level.last_mut() {
            self.total -= *count;
            *count = 0;
        }
    }
}

/// True for tokens whose node can hold another of its kind as a child.
fn adds_nesting(token: &Token) -> bool {
    use Token::*;
    matches!(
        token,
        Plus | Minus
            | Star
            | DoubleStar
            | Slash
            | DoubleSlash
            | Percent
            | At
            | LeftShift
            | RightShift
            | Amper
            | VBar
            | Circumflex
            | Tilde
            | Not
            | Await
            | If
            | Dot
            | Yield
    )
}
