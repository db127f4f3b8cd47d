//! `#KSUMMA`: the CRC-32 over the records between the opening and the closing checksum.

use super::*;

impl<'s> Reader<'s> {
    pub(super) fn checksum(&mut self, line_no: u32, fields: &[Field<'_>]) {
        match fields.first() {
            None => {
                if self.crc.is_none() {
                    self.crc = Some((line_no, crc32fast::Hasher::new()));
                } else {
                    self.error(line_no, "#KSUMMA utan summa förekommer mer än en gång");
                }
            }
            Some(field) => {
                let text = match field {
                    Field::Text(t) => t.as_ref(),
                    Field::List(_) => "",
                };
                let Some((_, hasher)) = self.crc.take() else {
                    self.error(
                        line_no,
                        "#KSUMMA med summa utan en inledande #KSUMMA i början av filen",
                    );
                    return;
                };
                self.crc_closed = true;
                let computed = hasher.finalize();
                // The specification writes the sum as a signed or unsigned 32-bit decimal.
                let given = text
                    .parse::<u32>()
                    .ok()
                    .or_else(|| text.parse::<i32>().ok().map(i32::cast_unsigned));
                match given {
                    Some(g) if g == computed => self.file.checksum = Some(g),
                    Some(_) => self.error(
                        line_no,
                        "kontrollsumman (#KSUMMA) stämmer inte med filens innehåll: filen har \
                         ändrats eller skadats efter exporten. Exportera den på nytt.",
                    ),
                    None => self.error(
                        line_no,
                        format!("\"{text}\" i #KSUMMA är ingen kontrollsumma (ett heltal)"),
                    ),
                }
                // Keep a placeholder so that the end-of-file check knows a sum was announced.
                self.crc = Some((line_no, crc32fast::Hasher::new()));
            }
        }
    }
}
