//! Inputs the fuzz target found, kept as tests of what the reader does with them.

/// A PC8 file whose only Swedish letter ("Ö", 0x99) stands on a line with an unknown label, and
/// whose account name has "Σ" (0xE4, "ä" in Windows-1252). It reads as PC8; the file the writer
/// makes of it leaves the unknown line out, so it has no PC8 letter left and the reader refuses
/// it as Windows-1252 (decision 0004). The fuzz target allows exactly this refusal.
#[test]
fn a_written_file_without_pc8_letters_is_taken_for_windows_1252() {
    let bytes = include_bytes!("found/pc8-sigma-without-swedish-letters.se");
    let file = finsam_sie::read(bytes).expect("reads as PC8");
    let written = finsam_sie::write(&file, true);
    let refused = finsam_sie::read(&written).expect_err("taken for Windows-1252");
    assert!(
        refused.errors.iter().all(|e| e
            .message
            .starts_with("tecknet med byte 0xE4 är \"ä\" i Windows-1252")),
        "{refused:?}"
    );
}
