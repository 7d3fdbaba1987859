//! The contract between the Rust side and the UI, written once. `commands!` turns each command's
//! Rust signature into a `#[tauri::command]`, an entry of the invoke handler, and a typed function
//! in `ui/src/lib/generated/commands.ts`; the argument and return types come from ts-rs, which
//! already writes every type the UI sees. So a renamed command or argument, or a changed type,
//! breaks `npm run check` instead of a call at run time.

use std::collections::BTreeMap;
use ts_rs::{Dependency, TypeVisitor, TS};

/// One command as the UI calls it.
pub struct Signature {
    pub name: &'static str,
    pub docs: &'static [&'static str],
    /// Rust argument names with their TypeScript types.
    pub args: Vec<(&'static str, Ts)>,
    pub returns: Ts,
}

/// A TypeScript type and the generated files it needs imported (type name → file).
pub struct Ts {
    pub text: String,
    pub imports: BTreeMap<String, String>,
}

impl Ts {
    /// The type as ts-rs names it, with the exported types it refers to.
    pub fn of<T: TS + 'static>() -> Ts {
        struct Imports(BTreeMap<String, String>);
        impl TypeVisitor for Imports {
            fn visit<U: TS + 'static + ?Sized>(&mut self) {
                if let Some(dependency) = Dependency::from_ty::<U>() {
                    let file = dependency.output_path.with_extension("");
                    self.0.insert(dependency.ts_name, file.to_string_lossy().into_owned());
                }
            }
        }
        let mut imports = Imports(BTreeMap::new());
        // The type itself and its type arguments (`Vec<Product>`), not what those refer to in turn.
        imports.visit::<T>();
        T::visit_generics(&mut imports);
        // ts-rs names 64-bit integers `bigint`; they cross IPC as JSON numbers (local ids, far below 2^53).
        Ts { text: T::name().replace("bigint", "number"), imports: imports.0 }
    }

    /// For a type ts-rs does not know (a decimal crosses as its exact string).
    pub fn literal(text: &str) -> Ts {
        Ts { text: text.to_owned(), imports: BTreeMap::new() }
    }
}

/// `ts_type!(T)` or, where ts-rs has no name for `T`, `ts_type!(T, "string")`.
macro_rules! ts_type {
    ($ty:ty) => {
        $crate::contract::Ts::of::<$ty>()
    };
    ($ty:ty, $text:literal) => {
        $crate::contract::Ts::literal($text)
    };
}
pub(crate) use ts_type;

/// Declares the app's commands: `fn name(app, arg: Type, ...) -> Returns { body }`, the body an
/// expression over `app: &AppContext` giving `Result<Returns, CoreError>`; a doc comment becomes
/// the TypeScript function's. `arg: Type => "ts"` names the TypeScript type where ts-rs cannot.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($app:ident $(, $arg:ident: $ty:ty $(=> $ts:literal)?)* $(,)?) -> $ret:ty $body:block
    )*) => {
        /// The `#[tauri::command]` functions, one per declared command.
        pub mod handlers {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[doc = $doc])*
                #[tauri::command]
                pub async fn $name(
                    $app: tauri::State<'_, $crate::AppContext>,
                    $($arg: $ty),*
                ) -> Result<$ret, restock_protocol::ApiError> {
                    Ok($body?)
                }
            )*
        }

        /// What the UI may invoke.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(handlers::$name),*]
        }

        /// Every command's signature, for the TypeScript contract.
        pub fn signatures() -> Vec<$crate::contract::Signature> {
            vec![$(
                $crate::contract::Signature {
                    name: stringify!($name),
                    docs: &[$($doc),*],
                    args: vec![$((stringify!($arg), $crate::contract::ts_type!($ty $(, $ts)?))),*],
                    returns: $crate::contract::ts_type!($ret),
                }
            ),*]
        }
    };
}
pub(crate) use commands;

/// `hub_url` → `hubUrl`: Tauri matches camelCase argument keys to the Rust names.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// `ui/src/lib/generated/commands.ts`: one function per command over `call` (ui/src/lib/invoke.ts).
pub fn typescript(signatures: &[Signature]) -> String {
    let mut imports = BTreeMap::new();
    for s in signatures {
        imports.extend(s.returns.imports.clone());
        for (_, ts) in &s.args {
            imports.extend(ts.imports.clone());
        }
    }
    let mut out = String::from(
        "// This file was generated from src-tauri/src/commands.rs (src-tauri/src/contract.rs). Do not edit this file manually.\n",
    );
    out.push_str("import { call } from \"../invoke\";\n");
    for (name, file) in &imports {
        out.push_str(&format!("import type {{ {name} }} from \"./{file}\";\n"));
    }
    for s in signatures {
        out.push('\n');
        if !s.docs.is_empty() {
            out.push_str("/**\n");
            for line in s.docs {
                let line = line.strip_prefix(' ').unwrap_or(line);
                out.push_str(if line.is_empty() { " *".to_owned() } else { format!(" * {line}") }.as_str());
                out.push('\n');
            }
            out.push_str(" */\n");
        }
        let params: Vec<String> = s.args.iter().map(|(arg, ts)| format!("{}: {}", camel_case(arg), ts.text)).collect();
        let keys: Vec<String> = s.args.iter().map(|(arg, _)| camel_case(arg)).collect();
        let args = if keys.is_empty() { String::new() } else { format!(", {{ {} }}", keys.join(", ")) };
        out.push_str(&format!(
            "export const {} = ({}) => call<{}>(\"{}\"{});\n",
            camel_case(s.name),
            params.join(", "),
            s.returns.text,
            s.name,
            args
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_names_cross_as_tauri_expects_them() {
        assert_eq!(camel_case("hub_url"), "hubUrl");
        assert_eq!(camel_case("approval_over"), "approvalOver");
        assert_eq!(camel_case("login"), "login");
    }

    #[test]
    fn a_signature_becomes_a_typed_call() {
        let signatures = vec![Signature {
            name: "rename_cart",
            docs: &[" Renames a cart."],
            args: vec![("cart_id", Ts::of::<i64>()), ("name", Ts::of::<String>())],
            returns: Ts::of::<()>(),
        }];
        let ts = typescript(&signatures);
        assert!(ts.contains("/**\n * Renames a cart.\n */\n"), "{ts}");
        assert!(
            ts.contains(r#"export const renameCart = (cartId: number, name: string) => call<null>("rename_cart", { cartId, name });"#),
            "{ts}"
        );
    }

    /// Writes the contract the UI compiles against; `cargo xtask test` then fails if it differs
    /// from the committed file.
    #[test]
    fn the_ui_contract_is_written() {
        let dir = std::env::var_os("TS_RS_EXPORT_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/generated"));
        let ts = typescript(&crate::commands::signatures());
        assert!(ts.contains("export const submitCart = () => call<Order>(\"submit_cart\");"), "{ts}");
        assert!(ts.contains("import type { Order } from \"./Order\";"), "{ts}");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("commands.ts"), ts).unwrap();
    }
}
