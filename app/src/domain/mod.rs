//! Plain Rust rules, shared by the browser and the server: no Leptos, no HTTP, no SQL.
//! Each module starts with the rules it follows and the decisions taken where the law is silent.

/// An enum of fixed choices with a stable code (stored, posted in forms, and its serde name)
/// and plain-words label, so tables and forms can walk any of them.
pub trait Coded: Copy + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;
}

/// Declares a [`Coded`] enum: `Name { Variant = "code" => "Label", ... }`.
macro_rules! coded {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal => $label:literal,)+ }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $code)] $variant,)+ }

        impl $name {
            /// Every value, in the order it is shown.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable code: stored, posted in forms, and the serde name.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The plain words shown for it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// The value with this code, if there is one.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl $crate::domain::Coded for $name {
            const ALL: &'static [Self] = $name::ALL;
            fn code(self) -> &'static str { $name::code(self) }
            fn label(self) -> &'static str { $name::label(self) }
        }
    };
}

pub mod calendar;
pub mod case_file;
pub mod case_messages;
pub mod flood;
pub mod officer;
pub mod procedure;
pub mod progress;
pub mod reference;
pub mod report;
pub mod report_input;
pub mod safeguarding;
pub mod structure;
pub mod submission;
pub mod timescales;
pub mod uk_time;
pub mod vocabulary;
