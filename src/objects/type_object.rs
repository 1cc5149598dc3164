//! `type`: the class objects of the built-in types and exceptions.
//!
//! The built-in classes are made once per process and shared, so
//! `type(1) is int` holds. Exception classes form CPython's hierarchy
//! (`BaseException` > `Exception` > `ArithmeticError` > `ZeroDivisionError`
//! ...), which `except` clauses and `isinstance` walk through `base`.

use super::Value;
use std::sync::{Arc, LazyLock};

/// What kind of object a class makes; the built-in types each have one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeKind {
    Object,
    Type,
    NoneType,
    Ellipsis,
    Bool,
    Int,
    Float,
    Str,
    Bytes,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    Method,
    Module,
    Iterator,
    Code,
    /// An exception class; which one is in the class's name and base chain.
    Exception,
}

impl TypeKind {
    /// True for the built-in types a `class` statement may derive from,
    /// whose instances then carry a value of that type.
    pub fn is_value_base(self) -> bool {
        use TypeKind::*;
        matches!(
            self,
            Int | Float | Str | Bytes | Tuple | List | Dict | Set | FrozenSet
        )
    }
}

/// A class: its name, its base and what its instances are.
#[derive(Debug)]
pub struct TypeObject {
    pub name: String,
    pub base: Option<Arc<TypeObject>>,
    pub kind: TypeKind,
    /// A class made by a `class` statement: its namespace (methods, class
    /// attributes). Built-in classes have none.
    pub dict: Option<Arc<super::dict::PyDict>>,
}

impl TypeObject {
    /// The class itself, then its bases, nearest first (its MRO, with
    /// single inheritance).
    pub fn ancestry(&self) -> impl Iterator<Item = &TypeObject> {
        std::iter::successors(Some(self), |class| class.base.as_deref())
    }

    /// The built-in type a class derives from (`list` for `class L(list)`),
    /// nearest first; `None` for classes whose instances carry no built-in
    /// value (`object`, exceptions and their subclasses).
    pub fn builtin_base(&self) -> Option<&TypeObject> {
        self.ancestry()
            .find(|class| class.dict.is_none())
            .filter(|class| class.kind.is_value_base())
    }

    /// True when `self` is `other` or derives from it (`issubclass`).
    pub fn is_subclass(&self, other: &TypeObject) -> bool {
        let mut class = Some(self);
        while let Some(current) = class {
            if std::ptr::eq(current, other) {
                return true;
            }
            class = current.base.as_deref();
        }
        false
    }
}

/// The exceptions pyl raises itself, in hierarchy order: each entry names
/// its base, which always comes earlier in the list.
macro_rules! exception_kinds {
    ($($name:ident: $base:ident,)*) => {
        /// A built-in exception class, to raise without looking it up by name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ExceptionKind { $($name,)* }

        const EXCEPTION_TABLE: &[(&str, &str)] = &[$((stringify!($name), stringify!($base)),)*];
    };
}

exception_kinds! {
    BaseException: object,
    SystemExit: BaseException,
    KeyboardInterrupt: BaseException,
    GeneratorExit: BaseException,
    Exception: BaseException,
    StopIteration: Exception,
    StopAsyncIteration: Exception,
    ArithmeticError: Exception,
    FloatingPointError: ArithmeticError,
    OverflowError: ArithmeticError,
    ZeroDivisionError: ArithmeticError,
    AssertionError: Exception,
    AttributeError: Exception,
    BufferError: Exception,
    EOFError: Exception,
    ImportError: Exception,
    ModuleNotFoundError: ImportError,
    LookupError: Exception,
    IndexError: LookupError,
    KeyError: LookupError,
    MemoryError: Exception,
    NameError: Exception,
    UnboundLocalError: NameError,
    OSError: Exception,
    FileNotFoundError: OSError,
    FileExistsError: OSError,
    PermissionError: OSError,
    IsADirectoryError: OSError,
    NotADirectoryError: OSError,
    TimeoutError: OSError,
    InterruptedError: OSError,
    BrokenPipeError: OSError,
    ChildProcessError: OSError,
    ProcessLookupError: OSError,
    ReferenceError: Exception,
    RuntimeError: Exception,
    NotImplementedError: RuntimeError,
    RecursionError: RuntimeError,
    SyntaxError: Exception,
    IndentationError: SyntaxError,
    TabError: IndentationError,
    SystemError: Exception,
    TypeError: Exception,
    ValueError: Exception,
    UnicodeError: ValueError,
    UnicodeDecodeError: UnicodeError,
    UnicodeEncodeError: UnicodeError,
    Warning: Exception,
    DeprecationWarning: Warning,
    RuntimeWarning: Warning,
    UserWarning: Warning,
}

/// The built-in classes of the process.
pub struct BuiltinTypes {
    pub object: Arc<TypeObject>,
    pub type_: Arc<TypeObject>,
    pub none: Arc<TypeObject>,
    pub ellipsis: Arc<TypeObject>,
    pub bool_: Arc<TypeObject>,
    pub int: Arc<TypeObject>,
    pub float: Arc<TypeObject>,
    pub str_: Arc<TypeObject>,
    pub bytes: Arc<TypeObject>,
    pub tuple: Arc<TypeObject>,
    pub list: Arc<TypeObject>,
    pub dict: Arc<TypeObject>,
    pub set: Arc<TypeObject>,
    pub frozenset: Arc<TypeObject>,
    pub range: Arc<TypeObject>,
    pub slice: Arc<TypeObject>,
    pub function: Arc<TypeObject>,
    pub builtin_function: Arc<TypeObject>,
    pub method: Arc<TypeObject>,
    pub module: Arc<TypeObject>,
    pub code: Arc<TypeObject>,
    /// Indexed by `ExceptionKind as usize`.
    pub exceptions: Vec<Arc<TypeObject>>,
}

/// The process's built-in classes, made on first use.
pub static TYPES: LazyLock<BuiltinTypes> = LazyLock::new(BuiltinTypes::new);

fn class(name: &str, base: Option<&Arc<TypeObject>>, kind: TypeKind) -> Arc<TypeObject> {
    Arc::new(TypeObject {
        name: name.to_string(),
        base: base.cloned(),
        kind,
        dict: None,
    })
}

impl BuiltinTypes {
    fn new() -> BuiltinTypes {
        let object = class("object", None, TypeKind::Object);
        let of = |name: &str, kind| class(name, Some(&object), kind);
        let int = of("int", TypeKind::Int);
        let mut exceptions: Vec<Arc<TypeObject>> = Vec::new();
        for (name, base) in EXCEPTION_TABLE {
            let base = exceptions
                .iter()
                .find(|e| e.name == *base)
                .unwrap_or(&object);
            let made = class(name, Some(base), TypeKind::Exception);
            exceptions.push(made);
        }
        BuiltinTypes {
            type_: of("type", TypeKind::Type),
            none: of("NoneType", TypeKind::NoneType),
            ellipsis: of("ellipsis", TypeKind::Ellipsis),
            bool_: class("bool", Some(&int), TypeKind::Bool),
            float: of("float", TypeKind::Float),
            str_: of("str", TypeKind::Str),
            bytes: of("bytes", TypeKind::Bytes),
            tuple: of("tuple", TypeKind::Tuple),
            list: of("list", TypeKind::List),
            dict: of("dict", TypeKind::Dict),
            set: of("set", TypeKind::Set),
            frozenset: of("frozenset", TypeKind::FrozenSet),
            range: of("range", TypeKind::Range),
            slice: of("slice", TypeKind::Slice),
            function: of("function", TypeKind::Function),
            builtin_function: of("builtin_function_or_method", TypeKind::BuiltinFunction),
            method: of("method", TypeKind::Method),
            module: of("module", TypeKind::Module),
            code: of("code", TypeKind::Code),
            int,
            object,
            exceptions,
        }
    }

    /// The class of a built-in exception.
    pub fn exception(&self, kind: ExceptionKind) -> &Arc<TypeObject> {
        &self.exceptions[kind as usize]
    }

    /// The built-in exception class called `name`, if there is one.
    pub fn exception_named(&self, name: &str) -> Option<&Arc<TypeObject>> {
        self.exceptions.iter().find(|e| e.name == name)
    }
}

/// The classes of internal objects (iterators, dict views), made on first
/// use and shared, so `type(iter([])) is type(iter([]))` holds.
static NAMED_CLASSES: LazyLock<std::sync::Mutex<Vec<Arc<TypeObject>>>> =
    LazyLock::new(|| std::sync::Mutex::new(Vec::new()));

/// The internal class called `name`.
pub fn named_class(name: &str, kind: TypeKind) -> Arc<TypeObject> {
    let mut classes = match NAMED_CLASSES.lock() {
        Ok(classes) => classes,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(found) = classes.iter().find(|c| c.name == name) {
        return found.clone();
    }
    let made = class(name, Some(&TYPES.object), kind);
    classes.push(made.clone());
    made
}

/// The class of any value: what `type(value)` returns.
pub fn type_of(value: &Value) -> Arc<TypeObject> {
    let types = &*TYPES;
    let class = match value {
        Value::Null | Value::None => &types.none,
        Value::Ellipsis => &types.ellipsis,
        Value::Bool(_) => &types.bool_,
        Value::Int(_) | Value::BigInt(_) => &types.int,
        Value::Float(_) => &types.float,
        Value::Str(_) => &types.str_,
        Value::Bytes(_) => &types.bytes,
        Value::Tuple(_) => &types.tuple,
        Value::List(_) => &types.list,
        Value::Dict(_) => &types.dict,
        Value::Set(set) if set.is_frozen() => &types.frozenset,
        Value::Set(_) => &types.set,
        Value::Range(_) => &types.range,
        Value::Slice(_) => &types.slice,
        Value::Function(_) => &types.function,
        Value::BuiltinFunction(_) | Value::NativeMethod(_) => &types.builtin_function,
        Value::BoundMethod(_) => &types.method,
        Value::Type(_) => &types.type_,
        Value::Exception(e) => &e.class,
        Value::Module(_) => &types.module,
        Value::File(file) => return named_class(file.class_name(), TypeKind::Object),
        Value::Lock(lock) => {
            return named_class(crate::objects::lock::class_name(lock), TypeKind::Object)
        }
        Value::Handle(handle) => return named_class(handle.type_name(), TypeKind::Object),
        Value::Iterator(it) => return it.class(),
        Value::Generator(_) => return named_class("generator", TypeKind::Iterator),
        Value::Instance(instance) => &instance.class,
        Value::Descriptor(descriptor) => {
            return named_class(descriptor_name(descriptor), TypeKind::Object)
        }
        Value::Super(_) => return named_class("super", TypeKind::Object),
        Value::NotImplemented => return named_class("NotImplementedType", TypeKind::Object),
        Value::DictView(view) => return named_class(view.name(), TypeKind::Iterator),
        Value::Code(_) => &types.code,
        Value::Cell(_) => return named_class("cell", TypeKind::Object),
    };
    class.clone()
}

/// The name of a value's class, as error messages quote it: `'int'`.
pub fn type_name(value: &Value) -> String {
    match value {
        Value::Int(_) => "int".into(),
        Value::Str(_) => "str".into(),
        Value::Float(_) => "float".into(),
        Value::None => "NoneType".into(),
        _ => type_of(value).name.clone(),
    }
}

/// The class name of a method wrapper.
fn descriptor_name(descriptor: &super::instance::Descriptor) -> &'static str {
    use super::instance::Descriptor;
    match descriptor {
        Descriptor::StaticMethod(_) => "staticmethod",
        Descriptor::ClassMethod(_) => "classmethod",
        Descriptor::Property { .. } => "property",
    }
}
