fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let t = std::time::Instant::now();
    let f = finsam_sie::read(&bytes).unwrap();
    let t1 = t.elapsed();
    let (tot, _) = finsam_sie::totals(&f, 0);
    let t2 = t.elapsed();
    eprintln!("read {:?} totals {:?} accounts {}", t1, t2 - t1, tot.len());
    let t = std::time::Instant::now();
    drop(f);
    eprintln!("drop {:?}", t.elapsed());
}
