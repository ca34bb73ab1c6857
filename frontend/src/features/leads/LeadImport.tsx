// The import wizard: choose a CSV file, check how its columns map to lead fields, import, and see
// what was created and every line that was not.
import { Alert, Badge, Button, FileInput, Group, Modal, Select, Stack, Stepper, Table, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconFileSpreadsheet } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';

import { problemDetail } from '@/shared/api/problem';
import { formatNumber } from '@/shared/ui/format';

import { useImportLeads, type ImportReport } from './api';
import { LEAD_FIELDS, guessField, parseCsv } from './csvPreview';

type Preview = { headers: string[]; samples: string[][] };

async function preview(file: File): Promise<Preview> {
  const text = await file.slice(0, 64 * 1024).text();
  const [headers = [], ...samples] = parseCsv(text, 4);
  return { headers, samples };
}

export function LeadImport({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const [columns, setColumns] = useState<(string | null)[]>([]);
  const [sample, setSample] = useState<Preview | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useImportLeads();

  const reset = () => {
    setStep(0);
    setFile(null);
    setSource('');
    setColumns([]);
    setSample(null);
    setReport(null);
    setError(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const choose = async (chosen: File | null) => {
    setFile(chosen);
    setError(null);
    if (!chosen) return;
    const read = await preview(chosen);
    setSample(read);
    setColumns(read.headers.map(guessField));
    if (!source) setSource(chosen.name.replace(/\.csv$/i, ''));
  };

  const mapped = columns.filter(Boolean);
  const hasName = mapped.includes('last_name') || mapped.includes('company_name');
  const repeated = mapped.length !== new Set(mapped).size;

  const start = () => {
    if (!file) return;
    setError(null);
    run.mutate(
      { file, source, columns: columns.map((c) => c ?? '') },
      {
        onSuccess: (result) => {
          setReport(result);
          setStep(2);
        },
        onError: (e) => setError(problemDetail(e)),
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Import leads" size="xl">
      <Stepper active={step} size="sm" mb="lg">
        <Stepper.Step label="File" description="A CSV list" />
        <Stepper.Step label="Columns" description="Which field each fills" />
        <Stepper.Step label="Result" description="Created and refused" />
      </Stepper>

      {step === 0 && (
        <Stack>
          <FileInput
            label="CSV file"
            description="The first line names the columns. Comma-separated, UTF-8, as spreadsheets save it."
            placeholder="Choose a file"
            accept=".csv,text/csv"
            leftSection={<IconFileSpreadsheet size={16} />}
            value={file}
            onChange={(f) => void choose(f)}
          />
          <TextInput
            label="Source"
            description="Where the list came from (a trade show, a purchased list): kept with the import for later analysis."
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
            maxLength={200}
          />
          {sample && sample.headers.length === 0 && <Alert color="red">The file is empty.</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button disabled={!sample || sample.headers.length === 0} onClick={() => setStep(1)}>
              Next
            </Button>
          </Group>
        </Stack>
      )}

      {step === 1 && sample && (
        <Stack>
          <Text size="sm" c="dimmed">
            Each column of {file?.name} fills the field you choose; columns set to “Skip” are not imported.
          </Text>
          <Table withTableBorder striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Column</Table.Th>
                <Table.Th>First values</Table.Th>
                <Table.Th w={220}>Lead field</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sample.headers.map((header, i) => (
                <Table.Tr key={`${header}-${i}`}>
                  <Table.Td fw={600}>{header || <Text c="dimmed">(no name)</Text>}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" truncate maw={260}>
                      {sample.samples.map((row) => row[i] ?? '').filter(Boolean).join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Field for ${header}`}
                      size="xs"
                      placeholder="Skip"
                      data={LEAD_FIELDS}
                      value={columns[i] ?? null}
                      onChange={(value) => setColumns((old) => old.map((c, j) => (j === i ? value : c)))}
                      clearable
                      searchable
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {!hasName && <Alert color="orange">Map a column to Last name or Company: every lead needs one.</Alert>}
          {repeated && <Alert color="orange">Two columns fill the same field.</Alert>}
          {error && (
            <Alert color="red" icon={<IconAlertTriangle size={16} />} title="The file was not imported">
              {error}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="default" onClick={() => setStep(0)}>
              Back
            </Button>
            <Button onClick={start} loading={run.isPending} disabled={!hasName || repeated}>
              Import
            </Button>
          </Group>
        </Stack>
      )}

      {step === 2 && report && (
        <Stack>
          <Alert color={report.rejected_count > 0 ? 'orange' : 'teal'} icon={<IconCheck size={16} />} title={`${formatNumber(report.created)} leads imported`}>
            {formatNumber(report.lines)} lines read
            {report.rejected_count > 0 && `, ${formatNumber(report.rejected_count)} not imported`}
            {report.duplicate_count > 0 && `; ${formatNumber(report.duplicate_count)} have an email another lead or contact has`}.
          </Alert>
          {report.rejected.length > 0 && (
            <>
              <Text fw={600} size="sm">
                Lines not imported
              </Text>
              <Table withTableBorder verticalSpacing="xs" aria-label="Lines not imported">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={80}>Line</Table.Th>
                    <Table.Th>Why</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.rejected.map((r) => (
                    <Table.Tr key={r.line}>
                      <Table.Td>{r.line}</Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          {r.errors.map((e) => (
                            <Text key={`${e.field}-${e.code}`} size="sm">
                              <Badge size="xs" variant="light" color="red" mr={6}>
                                {e.field}
                              </Badge>
                              {e.message}
                            </Text>
                          ))}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
          {report.duplicates.length > 0 && (
            <Text size="sm" c="dimmed">
              Possible duplicates (imported, worth a look): lines {report.duplicates.map((d) => d.line).join(', ')}.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={reset}>
              Import another file
            </Button>
            <Button component={Link} to={`/leads?view=all`} onClick={close}>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
