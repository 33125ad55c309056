//! Writes dist/bce-explorer.html: the standalone page with its CSS, JS and wasm inlined, so
//! that it works opened from a file, with no server and no network.
//!
//! The wasm-bindgen glue and the page's script become one inline module: the glue's
//! functions are then in scope, and its init function gets the wasm bytes, decoded from
//! base64, instead of fetching them.

use std::fs;
use std::path::Path;

/// The page's import of the glue, replaced by a call of the glue's own init function.
const GLUE_IMPORT: &str = r#"import init, { mount } from "./pkg/bce_explorer.js";"#;

/// Builds dist/bce-explorer.html from the other files in `dist`.
pub fn write(dist: &Path) -> Result<(), String> {
    let read = |name: &str| {
        fs::read_to_string(dist.join(name)).map_err(|error| format!("reading dist/{name}: {error}"))
    };
    let page = read("index.html")?;
    let styles = format!("{}\n{}", read("page.css")?, read("widget.css")?);
    let glue = read("pkg/bce_explorer.js")?;
    let main = read("main.js")?;
    let wasm = fs::read(dist.join("pkg/bce_explorer_bg.wasm"))
        .map_err(|error| format!("reading dist/pkg/bce_explorer_bg.wasm: {error}"))?;

    if !main.contains(GLUE_IMPORT) {
        return Err(format!("www/main.js no longer starts with {GLUE_IMPORT:?}"));
    }
    let main = main.replace(
        GLUE_IMPORT,
        "const init = () => __wbg_init({ module_or_path: BCE_EXPLORER_WASM });",
    );
    let script = format!(
        "{glue}\nconst BCE_EXPLORER_WASM = Uint8Array.from(atob(\"{}\"), (c) => c.charCodeAt(0));\n{main}",
        base64(&wasm)
    );
    for (name, text) in [("the JS", &script), ("the CSS", &styles)] {
        if text.contains("</script") || text.contains("</style") {
            return Err(format!(
                "{name} contains a closing tag and cannot be inlined"
            ));
        }
    }

    let page = replace_once(
        &page,
        "<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">\n",
        "",
    )?;
    let page = replace_once(
        &page,
        "<link rel=\"stylesheet\" href=\"page.css\">\n  <link rel=\"stylesheet\" href=\"widget.css\">",
        &format!("<style>\n{styles}</style>"),
    )?;
    let page = replace_once(
        &page,
        "<script type=\"module\" src=\"main.js\"></script>",
        &format!("<script type=\"module\">\n{script}</script>"),
    )?;

    let target = dist.join("bce-explorer.html");
    fs::write(&target, page).map_err(|error| format!("writing {}: {error}", target.display()))?;
    println!("wrote {}", target.display());
    Ok(())
}

/// Replaces the one occurrence of `from` in `text`, failing when the page has changed and
/// it is missing.
fn replace_once(text: &str, from: &str, to: &str) -> Result<String, String> {
    if text.matches(from).count() != 1 {
        return Err(format!(
            "www/index.html no longer contains {from:?} exactly once"
        ));
    }
    Ok(text.replacen(from, to, 1))
}

/// Encodes bytes in standard base64 with padding, as `atob` decodes it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let triple = match chunk {
            [a, b, c] => u32::from(*a) << 16 | u32::from(*b) << 8 | u32::from(*c),
            [a, b] => u32::from(*a) << 16 | u32::from(*b) << 8,
            [a] => u32::from(*a) << 16,
            _ => unreachable!("chunks(3) yields one to three bytes"),
        };
        for position in 0..4 {
            if position <= chunk.len() {
                let index = (triple >> (18 - 6 * position)) & 0x3f;
                encoded.push(char::from(ALPHABET[index as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(expected, base64(input.as_bytes()), "{input:?}");
        }
        assert_eq!("/+8=", base64(&[0xff, 0xef]));
    }

    #[test]
    fn replace_once_rejects_missing_text() {
        assert_eq!(Ok("a-c".to_owned()), replace_once("abc", "b", "-"));
        assert!(replace_once("abc", "x", "-").is_err());
        assert!(replace_once("abb", "b", "-").is_err());
    }
}
