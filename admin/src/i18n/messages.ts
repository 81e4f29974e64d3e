import type { UiLocale } from '@domain/vocabulary';
import type { TranslationMessages } from 'ra-core';
import type { en } from './en';

/**
 * The shape every language's catalogue has: English's keys, each leaf a string. A language
 * typed `Messages` that lacks a key of ours, or has one English does not, fails to compile;
 * react-admin's own `ra.*` keys are typed by ra-core (its required keys), and
 * test/admin/i18n.test.ts holds every catalogue to English's exact key set.
 */
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export type Messages = {
  ra: TranslationMessages['ra'];
  resources: Shape<(typeof en)['resources']>;
  app: Shape<(typeof en)['app']>;
};

type Leaves<T, P extends string> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every key our screens may ask for: a typo in one is a compile error. react-admin's are loose. */
export type MessageKey = Leaves<Messages['app'], 'app.'> | Leaves<Messages['resources'], 'resources.'> | `ra.${string}`;

/** Values put into a message (%{name}); smart_count also picks the plural form. */
export type MessageValues = Record<string, unknown> & { smart_count?: number };

/** Looks a message up in one language; carries that language, for the Intl formats around it. */
export type Translate = ((key: MessageKey, values?: MessageValues) => string) & { readonly locale: UiLocale };
