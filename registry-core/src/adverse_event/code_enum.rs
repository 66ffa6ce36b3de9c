//! A small macro for the closed code lists of an adverse event (causality, outcome, …): each is an
//! enum with a stable snake_case code, `ALL`, `code()` and a `parse()` whose error names the codes.

/// Declares a code enum: `code_enum! { /// doc  Name, "a causality" { /// doc  Variant => "code", … } }`.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant ),+
        }

        impl $name {
            /// Every value, in the order of the specification.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code used in the API, imports and releases.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// Parses the code; the error lists the allowed codes.
            pub fn parse(s: &str) -> Result<Self, $crate::FieldError> {
                match s {
                    $($code => Ok($name::$variant),)+
                    _ => Err($crate::FieldError::new(
                        "",
                        format!(
                            "'{}' is not {}: use {}",
                            s,
                            $what,
                            $crate::adverse_event::code_enum::one_of(&[$($code),+]),
                        ),
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

/// `a, b or c`.
pub(crate) fn one_of(codes: &[&str]) -> String {
    match codes.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
