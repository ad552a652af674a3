import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { EncryptedText } from '../field-crypto';
import type { User } from './user';

export type TaskStatus = 'open' | 'done';

/** One item of the person's to-do list. Lists number open tasks by `position`, oldest first. */
export class Task {
  id: string = randomUUID();
  user!: Ref<User>;
  /** In the person's words ("acheter du lait"); encrypted at rest. */
  title!: string;
  status: TaskStatus = 'open';
  /** Per-user insertion order: stable numbering even for tasks added in the same millisecond. */
  position!: number;
  createdAt: Date = new Date();
  completedAt: Date | null = null;
  /** Last change here (title, status); the assistant's side of a task-sync conflict (last writer wins). */
  updatedAt: Date = new Date();

  constructor(init: Pick<Task, 'user' | 'title' | 'position'> & Partial<Task>) {
    Object.assign(this, init);
  }
}

export const TaskSchema = new EntitySchema<Task>({
  class: Task,
  tableName: 'tasks',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    title: { type: new EncryptedText('tasks.title') },
    status: { type: 'string', length: 8 },
    position: { type: 'integer' },
    createdAt: { type: 'Date' },
    completedAt: { type: 'Date', nullable: true },
    // Nullable in the table for rows older than the column (the migration back-fills them).
    updatedAt: { type: 'Date', nullable: true, onUpdate: () => new Date() },
  },
});
