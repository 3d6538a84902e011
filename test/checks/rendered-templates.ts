import { render } from '@react-email/render';
import { createElement, type ComponentType } from 'react';
import ConfirmSubscription, { subject as confirmSubject } from '../../emails/confirm-subscription';
import WhatMomGuiltIs, { meta as lesson1Meta } from '../../emails/lessons/01-what-mom-guilt-is';

/** A real template rendered the way the loader renders it: its own PreviewProps. */
export interface RenderedTemplate {
  file: string;
  subject: string;
  html: string;
  text: string;
  unsubscribeUrl: string;
  postalAddress: string;
}

type Template<P> = ComponentType<P> & { PreviewProps: P };

async function renderTemplate<P extends { unsubscribeUrl: string; postalAddress: string }>(
  file: string,
  subject: string,
  template: Template<P>,
  overrides: Partial<P> = {},
): Promise<RenderedTemplate> {
  const props = { ...template.PreviewProps, ...overrides };
  const element = createElement(template as ComponentType<P>, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { file, subject, html, text, unsubscribeUrl: props.unsubscribeUrl, postalAddress: props.postalAddress };
}

export function renderLesson1(): Promise<RenderedTemplate> {
  return renderTemplate('emails/lessons/01-what-mom-guilt-is.tsx', lesson1Meta.subject, WhatMomGuiltIs);
}

export function renderConfirmation(overrides: { unsubscribeUrl?: string } = {}): Promise<RenderedTemplate> {
  return renderTemplate('emails/confirm-subscription.tsx', confirmSubject, ConfirmSubscription, overrides);
}

/** Puts `markup` at the start of the lesson body, where an author's own content goes. */
export function plantInBody(html: string, markup: string): string {
  const anchor = '<p class="rmg-text"';
  if (!html.includes(anchor)) throw new Error('the layout changed: no body paragraph to plant into');
  return html.replace(anchor, `${markup}${anchor}`);
}
