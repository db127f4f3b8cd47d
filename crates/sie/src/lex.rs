//! Splitting one line into its label and fields: quoted or bare texts, and object lists in braces.

use std::borrow::Cow;

/// A field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Field<'a> {
    Text(Cow<'a, str>),
    /// An object list `{1 "100" 6 "P1"}`, its items in order.
    List(Vec<Cow<'a, str>>),
}

/// Splits `line` (which starts with the label) into the label and its fields, appended to `out`,
/// and whether a quote was left open (some programs cut long texts; the rest of the line is then
/// the text). The error is a Swedish explanation.
pub(crate) fn split<'a>(
    line: &'a str,
    out: &mut Vec<Field<'a>>,
) -> Result<(&'a str, bool), String> {
    let bytes = line.as_bytes();
    let label_end = bytes
        .iter()
        .position(|&b| is_space(b) || b == b'{' || b == b'"')
        .unwrap_or(bytes.len());
    let label = &line[..label_end];
    let mut i = label_end;
    let mut open_quote = false;
    loop {
        i = skip_spaces(bytes, i);
        if i >= bytes.len() {
            return Ok((label, open_quote));
        }
        match bytes[i] {
            b'{' => {
                let mut items = Vec::new();
                i += 1;
                loop {
                    i = skip_spaces(bytes, i);
                    match bytes.get(i) {
                        None => {
                            return Err(format!(
                                "objektlistan som börjar med {{ i {label} saknar avslutande }}"
                            ));
                        }
                        Some(b'}') => {
                            i += 1;
                            break;
                        }
                        Some(b'{') => {
                            return Err(format!(
                                "objektlistan i {label} innehåller en ny {{ före avslutande }}"
                            ));
                        }
                        Some(_) => {
                            let (item, next) = token(line, i, true).ok_or_else(|| {
                                format!("ett citattecken i objektlistan i {label} avslutas inte")
                            })?;
                            items.push(item);
                            i = next;
                        }
                    }
                }
                out.push(Field::List(items));
            }
            b'}' => {
                return Err(format!("{label} har en avslutande }} utan inledande {{"));
            }
            _ => match token(line, i, false) {
                Some((text, next)) => {
                    out.push(Field::Text(text));
                    i = next;
                }
                None => {
                    open_quote = true;
                    out.push(Field::Text(Cow::Borrowed(&line[i + 1..])));
                    i = bytes.len();
                }
            },
        }
    }
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r'
}

fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_space(bytes[i]) {
        i += 1;
    }
    i
}

/// One quoted or bare text starting at `start`; returns it and the position after it, or `None`
/// for a quote that is not closed.
fn token(line: &str, start: usize, in_list: bool) -> Option<(Cow<'_, str>, usize)> {
    let bytes = line.as_bytes();
    if bytes[start] == b'"' {
        let body = start + 1;
        let mut i = body;
        let mut owned: Option<String> = None;
        let mut seg = body;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if bytes.get(i + 1) == Some(&b'"') => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&line[seg..i]);
                    s.push('"');
                    i += 2;
                    seg = i;
                }
                b'"' => {
                    let text = match owned {
                        Some(mut s) => {
                            s.push_str(&line[seg..i]);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(&line[body..i]),
                    };
                    return Some((text, i + 1));
                }
                _ => i += 1,
            }
        }
        None
    } else {
        let mut i = start;
        while i < bytes.len()
            && !is_space(bytes[i])
            && bytes[i] != b'"'
            && bytes[i] != b'{'
            && !(in_list && bytes[i] == b'}')
        {
            i += 1;
        }
        Some((Cow::Borrowed(&line[start..i]), i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> (String, Vec<Field<'_>>) {
        let mut out = Vec::new();
        let (label, _) = split(line, &mut out).unwrap();
        (label.to_owned(), out)
    }

    fn t(s: &str) -> Field<'_> {
        Field::Text(Cow::Borrowed(s))
    }

    #[test]
    fn splits_quoted_bare_and_lists() {
        let (label, f) =
            fields("#TRANS\t1930  {1 \"100\" 6 P1} -1234.50 20240105 \"Hyra \\\"mars\\\"\"");
        assert_eq!(label, "#TRANS");
        assert_eq!(
            f,
            vec![
                t("1930"),
                Field::List(vec!["1".into(), "100".into(), "6".into(), "P1".into()]),
                t("-1234.50"),
                t("20240105"),
                Field::Text(Cow::Owned("Hyra \"mars\"".into())),
            ]
        );
        let (_, f) = fields("#TRANS 3010 {} 5 \"\" \"1820\\A012\"");
        assert_eq!(
            f,
            vec![
                t("3010"),
                Field::List(vec![]),
                t("5"),
                t(""),
                t("1820\\A012")
            ]
        );
        let (_, f) = fields("#OIB 0 1930 {1 \"1\"}\r");
        assert_eq!(f[2], Field::List(vec!["1".into(), "1".into()]));
    }

    #[test]
    fn refuses_broken_quotes_and_braces() {
        let mut out = Vec::new();
        assert_eq!(split("#FNAMN \"Bolaget", &mut out), Ok(("#FNAMN", true)));
        assert_eq!(out, vec![Field::Text(Cow::Borrowed("Bolaget"))]);
        assert!(
            split("#X {\"1", &mut out)
                .unwrap_err()
                .contains("citattecken")
        );
        assert!(
            split("#TRANS 1930 {1 \"2\" 0", &mut out)
                .unwrap_err()
                .contains("avslutande }")
        );
        assert!(
            split("#TRANS 1930 {1 {2}} 0", &mut out)
                .unwrap_err()
                .contains("ny {")
        );
        assert!(
            split("#TRANS 1930 } 0", &mut out)
                .unwrap_err()
                .contains("utan inledande")
        );
    }
}
