import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';

/** react-admin's English, in the newsroom's words where its defaults speak of "elements". */
const messages = {
  ...englishMessages,
  ra: {
    ...englishMessages.ra,
    notification: {
      ...englishMessages.ra.notification,
      created: 'Saved',
      updated: 'Saved',
      item_doesnt_exist: 'Not found: it may have been archived, or the link is wrong.',
    },
    message: {
      ...englishMessages.ra.message,
      unsaved_changes: 'What you typed is not saved yet. Leave this page and lose it?',
    },
  },
  resources: {
    claims: { name: 'Claim |||| Claims' },
    disputes: { name: 'Dispute |||| Disputes' },
    actors: { name: 'Actor |||| Actors' },
    sources: { name: 'Source |||| Sources' },
    auditLog: { name: 'Audit log |||| Audit log' },
    users: { name: 'User |||| Users' },
    apiKeys: { name: 'API key |||| API keys' },
  },
};

export const i18nProvider = polyglotI18nProvider(() => messages, 'en', [{ locale: 'en', name: 'English' }], { allowMissing: true });
