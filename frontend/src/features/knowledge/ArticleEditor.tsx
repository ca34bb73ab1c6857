// Writing an article (`/knowledge/new`, from a template whose sections it takes, each with what
// to write in it) and changing a draft (`/knowledge/:id/edit`): its title, subject, keywords and
// audience, and its text in sections of rich text, added, removed and ordered freely.
import { ActionIcon, Alert, Button, Group, SegmentedControl, Select, Stack, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useNavigate, useParams, useSearchParams } from 'react-router';

import { useArticleTemplates, type ArticleTemplate, type KnowledgeArticle } from '@/shared/knowledge/api';
import { VISIBILITIES, VISIBILITY } from '@/shared/knowledge/words';
import { picklistOptions, useCasePicklist } from '@/shared/service/api';
import { FormPage } from '@/shared/ui/FormPage';
import { FormSection } from '@/shared/ui/FormSection';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { RecordLoader } from '@/shared/ui/RecordPage';
import { NoAccess } from '@/shared/ui/States';

import { useArticle, useCreateArticle, useUpdateArticle } from './api';
import {
  articleFormValues,
  formField,
  hasWrittenSections,
  isBlankHtml,
  knownFields,
  sectionKey,
  templateSections,
  toArticleFields,
  toArticlePatch,
  type ArticleFormValues,
} from './form';
import classes from './Knowledge.module.css';
import { RichTextInput } from './RichTextInput';

const MAX_SECTIONS = 20;

/** A form error as text (Mantine keeps errors as React nodes). */
const textOf = (error: unknown): string | undefined => (typeof error === 'string' ? error : undefined);

function useArticleForm(initial: ArticleFormValues) {
  return useForm<ArticleFormValues>({
    initialValues: initial,
    validate: {
      title: (value) => (value.trim() ? null : 'What does the article answer? “Printer shows offline after a firmware update”'),
      sections: {
        title: (value, values) => {
          const title = value.trim();
          if (values.sections.length > 1 && !title) return 'Give the section a heading';
          return values.sections.filter((s) => s.title.trim() === title && title !== '').length > 1 ? 'Two sections have this heading' : null;
        },
      },
    },
  });
}

type Form = ReturnType<typeof useArticleForm>;

export function ArticleCreate() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const initial = articleFormValues();
  initial.title = params.get('title') ?? '';
  const form = useArticleForm(initial);
  const create = useCreateArticle();

  const submit = form.onSubmit(
    (values) =>
      create.mutate(toArticleFields(values), {
        onSuccess: (created) => {
          notifications.show({ color: 'teal', title: `Draft ${created.number} saved`, message: 'Read it over, then submit it for approval.' });
          void navigate(`/knowledge/${created.id}`);
        },
        onError: (error) => showSubmitError(form, error, knownFields(values), formField),
      }),
    scrollToFirstError,
  );

  return (
    <FormPage title="Write an article" crumbs={[{ label: 'Knowledge', to: '/knowledge' }]} onSubmit={submit} submitting={create.isPending} submitLabel="Save draft" cancelTo="/knowledge">
      <ArticleInputs form={form} creating />
    </FormPage>
  );
}

export function ArticleEdit() {
  const { id = '' } = useParams();
  const article = useArticle(id);
  return (
    <RecordLoader query={article} what="article" listPath="/knowledge" listLabel="the knowledge base">
      {(loaded) =>
        !loaded.allowed.has('update') ? (
          <NoAccess
            title="You may not change this article"
            description="Your roles let you read it, not change it. Its writer or a knowledge manager can."
            back={{ to: `/knowledge/${loaded.record.id}`, label: 'Back to the article' }}
          />
        ) : loaded.record.status === 'submitted' || loaded.record.status === 'archived' ? (
          <NoAccess
            title={loaded.record.status === 'submitted' ? 'This version awaits approval' : 'This version is archived'}
            description={
              loaded.record.status === 'submitted'
                ? 'A submitted version is not changed: withdraw it first, on the article page, then change it and submit it again.'
                : 'An archived version is kept as it was. Change the newest version instead.'
            }
            back={{ to: `/knowledge/${loaded.record.id}`, label: 'Back to the article' }}
          />
        ) : (
          <EditForm key={loaded.record.id} article={loaded.record} />
        )
      }
    </RecordLoader>
  );
}

function EditForm({ article }: { article: KnowledgeArticle }) {
  const navigate = useNavigate();
  const form = useArticleForm(articleFormValues(article));
  const update = useUpdateArticle(article.id);
  const page = `/knowledge/${article.id}`;
  const published = article.status === 'published';

  const submit = form.onSubmit((values) => {
    const patch = toArticlePatch(values, article);
    if (Object.keys(patch).length === 0) {
      void navigate(page);
      return;
    }
    update.mutate(
      { body: patch, version: article.version },
      {
        onSuccess: ({ article: saved, newVersion }) => {
          notifications.show(
            newVersion
              ? { color: 'teal', title: `Version ${saved.version_number} drafted`, message: `Version ${article.version_number} stays published until this one is approved.` }
              : { color: 'teal', title: 'Draft saved', message: `${saved.number} ${saved.title}` },
          );
          void navigate(`/knowledge/${saved.id}`);
        },
        onError: (error) => showSubmitError(form, error, knownFields(values), formField),
      },
    );
  }, scrollToFirstError);

  return (
    <FormPage
      title={`Edit ${article.number}`}
      crumbs={[
        { label: 'Knowledge', to: '/knowledge' },
        { label: article.number, to: page },
      ]}
      onSubmit={submit}
      submitting={update.isPending}
      submitLabel={published ? 'Save as a new version' : 'Save draft'}
      cancelTo={page}
    >
      {published && (
        <Alert color="blue" variant="light" icon={<IconInfoCircle />} mt="lg" title={`Version ${article.version_number} is published`}>
          Saving drafts version {article.version_number + 1} with your changes; this one stays published until the new one is approved.
        </Alert>
      )}
      {article.rejection_reason && (
        <Alert color="orange" variant="light" icon={<IconInfoCircle />} mt="lg" title="Sent back: what must change">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {article.rejection_reason}
          </Text>
        </Alert>
      )}
      <ArticleInputs form={form} creating={false} />
    </FormPage>
  );
}

function ArticleInputs({ form, creating }: { form: Form; creating: boolean }) {
  const templates = useArticleTemplates();
  const subjects = useCasePicklist('subject');
  const subjectData = picklistOptions(subjects.data, form.values.subject);
  const offered = (templates.data ?? []).filter((t) => t.is_active);
  const template = templates.data?.find((t) => t.id === form.values.template_id);
  /** What the template asks to write in a section (by its heading). */
  const instructionsFor = (title: string) => template?.sections.find((t) => t.title === title.trim())?.instructions ?? null;

  const chooseTemplate = (chosen: ArticleTemplate | null) => {
    const apply = () => {
      form.setFieldValue('template_id', chosen?.id ?? null);
      form.setFieldValue('sections', chosen ? templateSections(chosen) : [{ key: sectionKey(), title: '', body: '', instructions: null }]);
      form.clearErrors();
    };
    if (!hasWrittenSections(form.values.sections)) {
      apply();
      return;
    }
    modals.openConfirmModal({
      title: chosen ? `Write from “${chosen.name}”?` : 'Write without a template?',
      children: <Text size="sm">The sections written so far are replaced{chosen ? ' by the template’s, empty' : ''}.</Text>,
      labels: { confirm: 'Replace the sections', cancel: 'Keep them' },
      confirmProps: { color: 'red' },
      onConfirm: apply,
    });
  };

  const sections = form.values.sections;
  const move = (from: number, to: number) => form.reorderListItem('sections', { from, to });

  return (
    <>
      <FormSection title="The article" description="What it answers, in the words people search with.">
        <TextInput label="Title" placeholder="Printer shows “offline” after a firmware update" withAsterisk data-autofocus {...form.getInputProps('title')} />
        {creating && (
          <Select
            label="Template"
            description="Gives the article its sections, with what to write in each."
            placeholder={templates.isPending ? 'Loading…' : offered.length === 0 ? 'No templates yet: free sections' : 'None: free sections'}
            data={offered.map((t) => ({ value: t.id, label: t.name }))}
            value={form.values.template_id}
            onChange={(value) => chooseTemplate(offered.find((t) => t.id === value) ?? null)}
            clearable
            disabled={!templates.isPending && offered.length === 0}
            error={form.errors.template_id}
          />
        )}
      </FormSection>
      <FormSection title="Finding it" description="The subject and keywords search weighs; who may read it.">
        <Select
          label="Subject"
          placeholder={subjects.isPending ? 'Loading…' : subjectData.length === 0 ? 'None yet: added under Picklists' : 'Choose…'}
          description="The subject of the cases it answers."
          data={subjectData}
          clearable
          searchable
          disabled={!subjects.isPending && subjectData.length === 0}
          {...form.getInputProps('subject')}
        />
        <TagsInput
          label="Keywords"
          description="Words it should be found by that its text may not say: error codes, product names, what customers call it. Enter after each."
          placeholder={form.values.keywords.length === 0 ? 'E-1042, offline, firmware…' : undefined}
          maxTags={30}
          splitChars={[',']}
          acceptValueOnBlur
          clearable
          {...form.getInputProps('keywords')}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Visibility
          </Text>
          <SegmentedControl
            aria-label="Visibility"
            data={VISIBILITIES.map((v) => ({ value: v, label: VISIBILITY[v].label }))}
            value={form.values.visibility}
            onChange={(value) => form.setFieldValue('visibility', VISIBILITIES.find((v) => v === value) ?? 'internal')}
            style={{ alignSelf: 'flex-start' }}
          />
          <Text size="xs" c="dimmed">
            {VISIBILITY[form.values.visibility].help}
          </Text>
        </Stack>
      </FormSection>
      <FormSection title="Text" description="In sections, each under its heading. Links, lists and emphasis keep it easy to follow on a call." last>
        {typeof form.errors.sections === 'string' && (
          <Text size="sm" c="red" role="alert">
            {form.errors.sections}
          </Text>
        )}
        {sections.map((section, index) => (
          <div key={section.key} className={classes.section} aria-label={`Section ${index + 1}`} role="group">
            <Stack gap="sm">
              <Group align="flex-end" gap="xs" wrap="nowrap">
                <TextInput
                  label={`Section ${index + 1} heading`}
                  placeholder={index === 0 ? 'Symptom' : index === 1 ? 'Cause' : 'Resolution'}
                  style={{ flex: 1 }}
                  withAsterisk={sections.length > 1}
                  {...form.getInputProps(`sections.${index}.title`)}
                />
                <Group gap={2} wrap="nowrap" mb={form.errors[`sections.${index}.title`] ? 22 : 0}>
                  <Tooltip label="Move up" withArrow>
                    <ActionIcon variant="subtle" color="gray" size="lg" disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={`Move section ${index + 1} up`}>
                      <IconArrowUp size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Move down" withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="lg"
                      disabled={index === sections.length - 1}
                      onClick={() => move(index, index + 1)}
                      aria-label={`Move section ${index + 1} down`}
                    >
                      <IconArrowDown size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Remove the section" withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      disabled={sections.length === 1}
                      onClick={() => {
                        if (isBlankHtml(section.body)) form.removeListItem('sections', index);
                        else
                          modals.openConfirmModal({
                            title: `Remove “${section.title || `section ${index + 1}`}”?`,
                            children: <Text size="sm">Its text goes with it when you save.</Text>,
                            labels: { confirm: 'Remove', cancel: 'Keep it' },
                            confirmProps: { color: 'red' },
                            onConfirm: () => form.removeListItem('sections', index),
                          });
                      }}
                      aria-label={`Remove section ${index + 1}`}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
              <RichTextInput
                label="Text"
                ariaLabel={section.title ? `${section.title} text` : `Section ${index + 1} text`}
                description={section.instructions ?? instructionsFor(section.title)}
                value={section.body}
                onChange={(html) => {
                  form.setFieldValue(`sections.${index}.body`, html);
                  form.clearFieldError(`sections.${index}.body`);
                }}
                error={textOf(form.errors[`sections.${index}.body`])}
              />
            </Stack>
          </div>
        ))}
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            disabled={sections.length >= MAX_SECTIONS}
            onClick={() => form.insertListItem('sections', { key: sectionKey(), title: '', body: '', instructions: null })}
          >
            Add a section
          </Button>
          {sections.length >= MAX_SECTIONS && (
            <Text size="xs" c="dimmed">
              An article has at most {MAX_SECTIONS} sections.
            </Text>
          )}
        </Group>
      </FormSection>
    </>
  );
}
