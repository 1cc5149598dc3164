//! The instruction set: one enum, each variant with its stack effect.
//!
//! Stack effects are written as CPython's `bytecodes.c` writes them:
//! `( before -- after )`, the top of the stack on the right. Operands are
//! typed indexes into the code object's tables, so a `LoadConst` can never
//! be handed a name index by mistake. They derive serde's traits so that a
//! function can be sent to another process by value (`runtime/wire.rs`).

use serde::{Deserialize, Serialize};

/// An index into `CodeObject::constants`.
pub type ConstIdx = u32;
/// An index into `CodeObject::names` (globals, attributes, imports).
pub type NameIdx = u32;
/// An index into the frame's fast locals (`CodeObject::varnames`).
pub type LocalIdx = u32;
/// An index into the frame's cells: `cellvars` then `freevars`.
pub type CellIdx = u32;
/// An instruction index: where a jump lands.
pub type Target = u32;

/// The binary operators, with Python's symbols for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinaryOperator {
    Add,
    Subtract,
    Multiply,
    MatrixMultiply,
    TrueDivide,
    FloorDivide,
    Remainder,
    Power,
    LeftShift,
    RightShift,
    And,
    Or,
    Xor,
}

/// The comparison operators, `is` and `in` included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparison {
    Less,
    LessEqual,
    Equal,
    NotEqual,
    Greater,
    GreaterEqual,
    Is,
    IsNot,
    In,
    NotIn,
}

/// The unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnaryOperator {
    Negative,
    Positive,
    Invert,
    Not,
}

/// How `FormatValue` converts its value before formatting: `!s`, `!r`, `!a`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conversion {
    None,
    Str,
    Repr,
    Ascii,
}

/// One instruction.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Opcode {
    /// Does nothing.  ( -- )
    Nop,
    /// Discards the top of the stack.  ( value -- )
    PopTop,
    /// At the interactive prompt: shows an expression statement's value
    /// (its repr, unless it is None) and keeps it as `_`.  ( value -- )
    PrintExpr,
    /// Pushes a copy of the n-th item from the top (1 is the top).  ( a .. -- a .. a )
    Copy(u32),
    /// Swaps the top with the n-th item from the top.  ( a .. b -- b .. a )
    Swap(u32),
    /// Pushes `constants[i]`.  ( -- value )
    LoadConst(ConstIdx),
    /// Pushes a local; raises UnboundLocalError if it is unset.  ( -- value )
    LoadFast(LocalIdx),
    /// Stores into a local.  ( value -- )
    StoreFast(LocalIdx),
    /// Unsets a local (`del x`).  ( -- )
    DeleteFast(LocalIdx),
    /// Pushes the content of a cell.  ( -- value )
    LoadDeref(CellIdx),
    /// Stores into a cell.  ( value -- )
    StoreDeref(CellIdx),
    /// Empties a cell (`del x`).  ( -- )
    DeleteDeref(CellIdx),
    /// Pushes a global, falling back to the builtins.  ( -- value )
    LoadGlobal(NameIdx),
    /// Stores a global.  ( value -- )
    StoreGlobal(NameIdx),
    /// Deletes a global.  ( -- )
    DeleteGlobal(NameIdx),
    /// Module and class level: pushes a name from locals, globals or builtins.  ( -- value )
    LoadName(NameIdx),
    /// Module and class level: stores a name in the local namespace.  ( value -- )
    StoreName(NameIdx),
    /// Module and class level: deletes a name.  ( -- )
    DeleteName(NameIdx),
    /// Replaces an object with its attribute.  ( object -- value )
    LoadAttr(NameIdx),
    /// Sets an attribute.  ( value object -- )
    StoreAttr(NameIdx),
    /// Deletes an attribute.  ( object -- )
    DeleteAttr(NameIdx),
    /// Looks up a method for `CallMethod`: pushes the unbound method and the
    /// object, or the attribute and NULL.  ( object -- callable self_or_null )
    LoadMethod(NameIdx),
    /// `container[key]`.  ( container key -- value )
    BinarySubscr,
    /// `container[key] = value`.  ( value container key -- )
    StoreSubscr,
    /// `del container[key]`.  ( container key -- )
    DeleteSubscr,
    /// Builds a slice from 2 or 3 values.  ( start stop [step] -- slice )
    BuildSlice(u32),
    /// A binary operator; `inplace` for augmented assignment (`+=`).  ( a b -- result )
    BinaryOp { op: BinaryOperator, inplace: bool },
    /// A unary operator.  ( value -- result )
    UnaryOp(UnaryOperator),
    /// A comparison, `is` or `in` test.  ( a b -- bool )
    CompareOp(Comparison),
    /// Jumps unconditionally.  ( -- )
    Jump(Target),
    /// Pops the top; jumps if it is false.  ( value -- )
    PopJumpIfFalse(Target),
    /// Pops the top; jumps if it is true.  ( value -- )
    PopJumpIfTrue(Target),
    /// Jumps, keeping the top, if it is false; else pops it.  ( value -- value? )
    JumpIfFalseOrPop(Target),
    /// Jumps, keeping the top, if it is true; else pops it.  ( value -- value? )
    JumpIfTrueOrPop(Target),
    /// Replaces an iterable with its iterator.  ( iterable -- iterator )
    GetIter,
    /// Pushes the iterator's next value, or pops the iterator and jumps
    /// when it is exhausted.  ( iterator -- iterator next )
    ForIter(Target),
    /// Builds a tuple of the top n values.  ( items*n -- tuple )
    BuildTuple(u32),
    /// Builds a list of the top n values.  ( items*n -- list )
    BuildList(u32),
    /// Builds a set of the top n values.  ( items*n -- set )
    BuildSet(u32),
    /// Builds a dict of the top n key/value pairs.  ( (key value)*n -- dict )
    BuildMap(u32),
    /// Builds a str from the top n strs.  ( strs*n -- str )
    BuildString(u32),
    /// Appends to the list n items down (comprehensions).  ( list .. value -- list .. )
    ListAppend(u32),
    /// Extends the list n items down with an iterable.  ( list .. iterable -- list .. )
    ListExtend(u32),
    /// Adds to the set n items down.  ( set .. value -- set .. )
    SetAdd(u32),
    /// Updates the set n items down from an iterable.  ( set .. iterable -- set .. )
    SetUpdate(u32),
    /// Sets a key in the dict n items down.  ( dict .. key value -- dict .. )
    MapAdd(u32),
    /// Merges a mapping into the dict n items down (`{**m}`).  ( dict .. mapping -- dict .. )
    DictUpdate(u32),
    /// Merges keyword arguments, rejecting repeated keys (`f(**m)`).  ( dict .. mapping -- dict .. )
    DictMerge(u32),
    /// Turns a list into a tuple.  ( list -- tuple )
    ListToTuple,
    /// Unpacks a sequence of exactly n items, the first on top.  ( seq -- items*n )
    UnpackSequence(u32),
    /// Unpacks with a starred target: `before` items, a list, `after` items.  ( seq -- items )
    UnpackEx { before: u32, after: u32 },
    /// Formats a value for an f-string.  ( value [spec] -- str )
    FormatValue {
        conversion: Conversion,
        has_spec: bool,
    },
    /// Calls with positional arguments.  ( callable args*n -- result )
    Call(u32),
    /// Calls with n arguments, the last ones named by the tuple constant
    /// `names`.  ( callable args*n -- result )
    CallKw { argc: u32, names: ConstIdx },
    /// Calls with an argument tuple and maybe a keyword dict.  ( callable args [kwargs] -- result )
    CallEx { has_kwargs: bool },
    /// Calls what `LoadMethod` found.  ( callable self_or_null args*n -- result )
    CallMethod(u32),
    /// Makes a function from a code constant; `flags` say which of defaults
    /// (1), keyword defaults (2) and closure (8) are on the stack.
    /// ( [defaults] [kwdefaults] [closure] -- function )
    MakeFunction { code: ConstIdx, flags: u32 },
    /// Pushes a cell itself, to build a closure.  ( -- cell )
    LoadClosure(CellIdx),
    /// Returns from the frame.  ( value -- )
    ReturnValue,
    /// Pushes the built-in that runs a class body and makes the class.  ( -- build_class )
    LoadBuildClass,
    /// Enters a `with`: calls `__enter__`, keeps `__exit__`.  ( manager -- exit enter_result )
    BeforeWith,
    /// A `with` body raised: calls `exit(type, exc, None)`.  ( exit previous exc -- exit previous exc result )
    WithExceptStart,
    /// Suspends a generator, handing `value` to whoever resumed it; when it
    /// is resumed, the value sent in is pushed.  ( value -- sent )
    YieldValue,
    /// `yield from`: replaces an iterable with its iterator (a generator
    /// stays itself).  ( iterable -- iterator )
    GetYieldFromIter,
    /// `yield from`: sends `value` into the sub-iterator. If it yields, the
    /// yielded value is pushed; if it finishes, the sub-iterator is replaced
    /// by its return value and control jumps.  ( sub value -- sub yielded )
    Send(Target),
    /// `raise` (argc 0), `raise exc` (1), `raise exc from cause` (2).  ( args*argc -- )
    RaiseVarargs(u32),
    /// Raises the exception on top again, keeping its traceback.  ( exc -- )
    Reraise,
    /// Enters an `except` block: saves the exception being handled and
    /// makes this one current.  ( exc -- previous exc )
    PushExcInfo,
    /// Leaves an `except` block: the saved exception is current again.  ( previous -- )
    PopExcept,
    /// Tests an exception against an `except` clause's class.  ( exc class -- exc bool )
    CheckExcMatch,
    /// Pushes AssertionError for `assert`.  ( -- AssertionError )
    LoadAssertionError,
    /// Imports a module.  ( level fromlist -- module )
    ImportName(NameIdx),
    /// Pushes an attribute of the module on top (`from m import x`).  ( module -- module value )
    ImportFrom(NameIdx),
    /// Copies every public name of a module into the namespace.  ( module -- )
    ImportStar,
}

impl Opcode {
    /// How much the instruction changes the stack depth when it falls
    /// through (for `ForIter`: when it yields a value).
    pub fn stack_effect(&self) -> i32 {
        use Opcode::*;
        match *self {
            Nop | Swap(_) | DeleteFast(_) | DeleteDeref(_) | DeleteGlobal(_) | DeleteName(_) => 0,
            PopTop | PrintExpr => -1,
            Copy(_) => 1,
            LoadConst(_) | LoadFast(_) | LoadDeref(_) | LoadGlobal(_) | LoadName(_) => 1,
            LoadClosure(_) | LoadAssertionError => 1,
            StoreFast(_) | StoreDeref(_) | StoreGlobal(_) | StoreName(_) => -1,
            LoadAttr(_) => 0,
            StoreAttr(_) => -2,
            DeleteAttr(_) => -1,
            LoadMethod(_) => 1,
            BinarySubscr => -1,
            StoreSubscr => -3,
            DeleteSubscr => -2,
            BuildSlice(n) => 1 - n as i32,
            BinaryOp { .. } => -1,
            UnaryOp(_) => 0,
            CompareOp(_) => -1,
            Jump(_) => 0,
            PopJumpIfFalse(_) | PopJumpIfTrue(_) => -1,
            JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => -1,
            GetIter => 0,
            ForIter(_) => 1,
            BuildTuple(n) | BuildList(n) | BuildSet(n) | BuildString(n) => 1 - n as i32,
            BuildMap(n) => 1 - 2 * n as i32,
            ListAppend(_) | ListExtend(_) | SetAdd(_) | SetUpdate(_) => -1,
            DictUpdate(_) | DictMerge(_) => -1,
            MapAdd(_) => -2,
            ListToTuple => 0,
            UnpackSequence(n) => n as i32 - 1,
            UnpackEx { before, after } => (before + after) as i32,
            FormatValue { has_spec, .. } => -(has_spec as i32),
            Call(argc) => -(argc as i32),
            CallKw { argc, .. } => -(argc as i32),
            CallEx { has_kwargs } => -1 - has_kwargs as i32,
            CallMethod(argc) => -1 - argc as i32,
            MakeFunction { flags, .. } => 1 - (flags & 0b1011).count_ones() as i32,
            ReturnValue => -1,
            LoadBuildClass | BeforeWith | WithExceptStart => 1,
            YieldValue | GetYieldFromIter => 0,
            Send(_) => 0,
            RaiseVarargs(argc) => -(argc as i32),
            Reraise => -1,
            PushExcInfo => 1,
            PopExcept => -1,
            CheckExcMatch => 0,
            ImportName(_) => -1,
            ImportFrom(_) => 1,
            ImportStar => -1,
        }
    }

    /// The jump target, for instructions that have one.
    pub fn target(&self) -> Option<Target> {
        use Opcode::*;
        match *self {
            Jump(t) | PopJumpIfFalse(t) | PopJumpIfTrue(t) | JumpIfFalseOrPop(t)
            | JumpIfTrueOrPop(t) | ForIter(t) | Send(t) => Some(t),
            _ => None,
        }
    }

    /// The index into `names`, for instructions that have one.
    pub fn name_operand(&self) -> Option<NameIdx> {
        use Opcode::*;
        match *self {
            LoadGlobal(n) | StoreGlobal(n) | DeleteGlobal(n) | LoadName(n) | StoreName(n)
            | DeleteName(n) | LoadAttr(n) | StoreAttr(n) | DeleteAttr(n) | LoadMethod(n)
            | ImportName(n) | ImportFrom(n) => Some(n),
            _ => None,
        }
    }

    /// The index into `constants`, for instructions that have one.
    pub fn constant_operand(&self) -> Option<ConstIdx> {
        use Opcode::*;
        match *self {
            LoadConst(c) | CallKw { names: c, .. } | MakeFunction { code: c, .. } => Some(c),
            _ => None,
        }
    }

    /// The same instruction jumping to `target` instead.
    pub fn with_target(self, target: Target) -> Opcode {
        use Opcode::*;
        match self {
            Jump(_) => Jump(target),
            PopJumpIfFalse(_) => PopJumpIfFalse(target),
            PopJumpIfTrue(_) => PopJumpIfTrue(target),
            JumpIfFalseOrPop(_) => JumpIfFalseOrPop(target),
            JumpIfTrueOrPop(_) => JumpIfTrueOrPop(target),
            ForIter(_) => ForIter(target),
            Send(_) => Send(target),
            other => other,
        }
    }
}

impl BinaryOperator {
    /// Python's symbol for the operator, as error messages show it.
    pub fn symbol(&self) -> &'static str {
        use BinaryOperator::*;
        match self {
            Add => "+",
            Subtract => "-",
            Multiply => "*",
            MatrixMultiply => "@",
            TrueDivide => "/",
            FloorDivide => "//",
            Remainder => "%",
            Power => "** or pow()",
            LeftShift => "<<",
            RightShift => ">>",
            And => "&",
            Or => "|",
            Xor => "^",
        }
    }
}

impl Comparison {
    /// Python's symbol for the comparison.
    pub fn symbol(&self) -> &'static str {
        use Comparison::*;
        match self {
            Less => "<",
            LessEqual => "<=",
            Equal => "==",
            NotEqual => "!=",
            Greater => ">",
            GreaterEqual => ">=",
            Is => "is",
            IsNot => "is not",
            In => "in",
            NotIn => "not in",
        }
    }
}
