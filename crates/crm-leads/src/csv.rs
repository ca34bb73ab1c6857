//! CSV read as it arrives: bytes go in chunk by chunk, whole records come out with the line they
//! start on. Quoted fields may hold commas, quotes and line breaks, and may span chunks. Nothing
//! but the record being read is kept.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// The longest record accepted, in bytes.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;
/// The most fields a record may have.
pub const MAX_FIELDS: usize = 200;

/// A record, or why it cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line the record starts on (the header is line 1).
    pub line: u64,
    /// Its fields, or what is wrong with it.
    pub fields: Result<Vec<String>, String>,
}

/// An incremental CSV reader.
pub struct CsvStream {
    reader: Reader,
    output: Vec<u8>,
    used: usize,
    ends: Vec<usize>,
    fields: usize,
    oversized: bool,
    start_line: u64,
    finished: bool,
    /// The first bytes, held until it is known whether they are a byte order mark (`None` once
    /// the data has started).
    head: Option<Vec<u8>>,
}

impl Default for CsvStream {
    fn default() -> Self {
        CsvStream {
            // Records end at `\n` (a `\r` before it is dropped from the last field), so that
            // each record's terminator is consumed with it and line numbers stay exact.
            reader: ReaderBuilder::new()
                .terminator(csv_core::Terminator::Any(b'\n'))
                .build(),
            output: vec![0; 4096],
            used: 0,
            ends: vec![0; 32],
            fields: 0,
            oversized: false,
            start_line: 1,
            finished: false,
            head: Some(Vec::new()),
        }
    }
}

impl CsvStream {
    /// Reads the records that `input` completes (call with an empty slice at the end of the
    /// data to get the last one).
    pub fn feed(&mut self, input: &[u8], out: impl FnMut(Record)) {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        let Some(mut head) = self.head.take() else {
            return self.read(input, out);
        };
        head.extend_from_slice(input);
        if head.len() < BOM.len() && !input.is_empty() {
            self.head = Some(head);
            return;
        }
        let start = if head.starts_with(BOM) { BOM.len() } else { 0 };
        let mut out = out;
        if head.len() > start {
            self.read(&head[start..], &mut out);
        }
        if input.is_empty() {
            self.read(&[], out);
        }
    }

    fn read(&mut self, mut input: &[u8], mut out: impl FnMut(Record)) {
        let at_end = input.is_empty();
        loop {
            // An empty input tells csv-core the data has ended: only at the end.
            if self.finished || (input.is_empty() && !at_end) {
                return;
            }
            let (result, nin, nout, nend) = self.reader.read_record(
                input,
                &mut self.output[self.used..],
                &mut self.ends[self.fields..],
            );
            input = &input[nin..];
            // Field ends count from the start of the record, across calls (csv-core keeps the
            // position), so they index `output` directly.
            self.used += nout;
            self.fields += nend;
            match result {
                ReadRecordResult::InputEmpty => {
                    if !at_end {
                        return;
                    }
                }
                ReadRecordResult::OutputFull => {
                    if self.output.len() >= MAX_RECORD_BYTES {
                        // Keep reading to the end of the record, dropping what it holds.
                        self.oversized = true;
                        self.used = 0;
                        self.fields = 0;
                    } else {
                        let grown = (self.output.len() * 2).min(MAX_RECORD_BYTES);
                        self.output.resize(grown, 0);
                    }
                }
                ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() >= MAX_FIELDS {
                        self.oversized = true;
                        self.used = 0;
                        self.fields = 0;
                    } else {
                        let grown = (self.ends.len() * 2).min(MAX_FIELDS);
                        self.ends.resize(grown, 0);
                    }
                }
                ReadRecordResult::Record => {
                    out(self.take_record());
                    self.start_line = self.reader.line();
                }
                ReadRecordResult::End => {
                    self.finished = true;
                    return;
                }
            }
        }
    }

    fn take_record(&mut self) -> Record {
        let line = self.start_line;
        let fields = if self.oversized {
            Err(format!(
                "the line is longer than {MAX_RECORD_BYTES} bytes or has more than {MAX_FIELDS} fields"
            ))
        } else {
            let mut start = 0;
            let mut fields = Vec::with_capacity(self.fields);
            let mut bad = false;
            for &end in &self.ends[..self.fields] {
                match std::str::from_utf8(&self.output[start..end]) {
                    Ok(text) => fields.push(text.to_owned()),
                    Err(_) => bad = true,
                }
                start = end;
            }
            if let Some(last) = fields.last_mut()
                && last.ends_with('\r')
            {
                last.pop();
            }
            if bad {
                Err("the line is not UTF-8 text".to_owned())
            } else {
                Ok(fields)
            }
        };
        self.used = 0;
        self.fields = 0;
        self.oversized = false;
        Record { line, fields }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_in_chunks(data: &[u8], size: usize) -> Vec<Record> {
        let mut stream = CsvStream::default();
        let mut records = Vec::new();
        for chunk in data.chunks(size) {
            stream.feed(chunk, |r| records.push(r));
        }
        stream.feed(&[], |r| records.push(r));
        records
    }

    #[test]
    fn records_come_out_whole_however_the_bytes_are_cut() {
        let data = "first_name,last_name,description\r\nAda,Lovelace,\"Counts, \"\"engines\"\"\nand more\"\nGrace,Hopper,\n";
        for size in [1, 2, 3, 7, 64, 4096] {
            let records = read_in_chunks(data.as_bytes(), size);
            assert_eq!(records.len(), 3, "chunks of {size}");
            assert_eq!(records[0].line, 1);
            assert_eq!(
                records[1].fields.as_ref().unwrap()[2],
                "Counts, \"engines\"\nand more"
            );
            assert_eq!(records[1].line, 2);
            assert_eq!(records[2].line, 4, "a quoted line break moves the line on");
            assert_eq!(
                records[2].fields.as_ref().unwrap(),
                &["Grace", "Hopper", ""]
            );
        }
    }

    #[test]
    fn the_last_record_needs_no_line_break_and_a_bom_is_dropped() {
        let records = read_in_chunks("\u{feff}a,b\n1,2".as_bytes(), 3);
        assert_eq!(records[0].fields.as_ref().unwrap(), &["a", "b"]);
        assert_eq!(records[1].fields.as_ref().unwrap(), &["1", "2"]);
    }

    #[test]
    fn an_oversized_or_non_utf8_record_is_an_error_and_reading_goes_on() {
        let mut data = b"a,b\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 10));
        data.extend(b",y\n\xff\xfe,z\nok,fine\n");
        let records = read_in_chunks(&data, 1000);
        assert_eq!(records.len(), 4);
        assert!(records[1].fields.is_err());
        assert_eq!(records[2].fields, Err("the line is not UTF-8 text".into()));
        assert_eq!(records[3].fields.as_ref().unwrap(), &["ok", "fine"]);
        assert_eq!(records[3].line, 4);
    }
}
