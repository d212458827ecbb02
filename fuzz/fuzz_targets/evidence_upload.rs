#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| faro_fuzz::evidence_upload(data));
