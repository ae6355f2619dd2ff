import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isNotFound } from '../src/services/errors';
import * as hardware from '../src/services/hardware.service';
import * as libraries from '../src/services/library.service';
import { listScenarios } from '../src/services/scenario.service';
import * as transfer from '../src/services/transfer.service';
import type { Context } from './context';
import { plain } from './convert';
import { ImportDuplicates, LibraryRole } from './enums';
import { Hardware } from './hardware.type';
import { CreateLibraryInput, HardwareInput, ImportResult, Library, LibraryMember, UpdateLibraryInput } from './library.type';
import { ScenarioPageArgs, toConnection } from './scenario.resolver';
import { ScenarioConnection } from './scenario.type';

@Resolver(() => Library)
export class LibraryResolver {
  @Query(() => [Library], { description: 'Libraries you may read.' })
  libraries(@Ctx() ctx: Context) {
    return libraries.listLibraries(ctx.db, ctx.viewer);
  }

  @Query(() => Library, { nullable: true, description: 'A library by id, or a built-in one by key ("examples"); null when you may not read it.' })
  library(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return libraries.getLibrary(ctx.db, ctx.viewer, id).catch((e) => {
      if (isNotFound(e)) return null;
      throw e;
    });
  }

  @Query(() => GraphQLJSONObject, {
    description:
      'The library as one versioned JSON document (scenarios, custom hardware, tags; not keys or members): { format: "flopscope.library", version: 2, … } ' +
      '(version 2 inputs may carry architecture, encoders, stages and recomputation; docs/operations.md).',
  })
  exportLibrary(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return transfer.exportLibrary(ctx.db, ctx.viewer, id);
  }

  @Mutation(() => Library, { description: 'Create a library; you become its OWNER.' })
  createLibrary(@Ctx() ctx: Context, @Arg('input', () => CreateLibraryInput) input: CreateLibraryInput) {
    return libraries.createLibrary(ctx.db, ctx.viewer, input);
  }

  @Mutation(() => Library, { description: 'Rename a library or change its visibility (OWNER).' })
  updateLibrary(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('input', () => UpdateLibraryInput) input: UpdateLibraryInput) {
    return libraries.updateLibrary(ctx.db, ctx.viewer, id, input);
  }

  @Query(() => [Library], {
    description: 'Deleted libraries you own (the admin: every deleted library), most recently deleted first; restoreLibrary brings one back.',
  })
  deletedLibraries(@Ctx() ctx: Context) {
    return libraries.deletedLibraries(ctx.db, ctx.viewer);
  }

  @Mutation(() => Boolean, {
    description:
      'Delete a library (OWNER; soft, like scenarios): it and its scenarios leave every listing and read, and it takes no writes, until restoreLibrary. ' +
      'The built-in examples library cannot be deleted (FORBIDDEN).',
  })
  deleteLibrary(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return libraries.deleteLibrary(ctx.db, ctx.viewer, id);
  }

  @Mutation(() => Library, { description: 'Bring a deleted library back with its scenarios (OWNER of it).' })
  restoreLibrary(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return libraries.restoreLibrary(ctx.db, ctx.viewer, id);
  }

  @Mutation(() => LibraryMember, { description: 'Add a member or change their role (OWNER).' })
  addLibraryMember(
    @Ctx() ctx: Context,
    @Arg('libraryId', () => ID) libraryId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => LibraryRole) role: LibraryRole,
  ) {
    return libraries.setLibraryMember(ctx.db, ctx.viewer, libraryId, userId, role);
  }

  @Mutation(() => Boolean, { description: 'Remove a member (OWNER). The last owner cannot be removed.' })
  removeLibraryMember(@Ctx() ctx: Context, @Arg('libraryId', () => ID) libraryId: string, @Arg('userId', () => ID) userId: string) {
    return libraries.removeLibraryMember(ctx.db, ctx.viewer, libraryId, userId);
  }

  @Mutation(() => Hardware, { description: "Define or redefine an accelerator for this library's scenarios (EDITOR)." })
  setLibraryHardware(@Ctx() ctx: Context, @Arg('libraryId', () => ID) libraryId: string, @Arg('input', () => HardwareInput) input: HardwareInput) {
    return hardware.setLibraryHardware(ctx.db, ctx.viewer, libraryId, plain(input));
  }

  @Mutation(() => Boolean, { description: 'Remove a custom accelerator (EDITOR); refused while scenarios use it.' })
  deleteLibraryHardware(@Ctx() ctx: Context, @Arg('libraryId', () => ID) libraryId: string, @Arg('key', () => String) key: string) {
    return hardware.deleteLibraryHardware(ctx.db, ctx.viewer, libraryId, key);
  }

  @Mutation(() => ImportResult, {
    description:
      'Import an exportLibrary document of version 1 or 2 (EDITOR); version-1 scenarios estimate exactly as they did. A bad document, or one of another version, is rejected whole. ' +
      'Importing the same document twice creates nothing the second time (onDuplicate SKIP).',
  })
  importLibrary(
    @Ctx() ctx: Context,
    @Arg('libraryId', () => ID) libraryId: string,
    @Arg('document', () => GraphQLJSONObject) document: Record<string, unknown>,
    @Arg('onDuplicate', () => ImportDuplicates, {
      nullable: true,
      defaultValue: ImportDuplicates.SKIP,
      description: 'SKIP (default): a scenario the library already holds live, same name and same input, is not created again; COPY: it is.',
    })
    onDuplicate: ImportDuplicates | null,
  ) {
    return transfer.importLibrary(ctx.db, ctx.viewer, libraryId, document, ctx.signal, onDuplicate ?? ImportDuplicates.SKIP, ctx.importBudget);
  }

  @FieldResolver(() => ScenarioConnection)
  async scenarios(@Root() library: Library, @Ctx() ctx: Context, @Args(() => ScenarioPageArgs) args: ScenarioPageArgs) {
    // A deleted library comes only from deletedLibraries (its owner's trash): its contents can be looked at there.
    return toConnection(await listScenarios(ctx.db, ctx.viewer, { ...args, libraryId: library.id, ofDeletedLibrary: library.deletedAt != null }), ctx);
  }

  @FieldResolver(() => ScenarioConnection, { description: 'Deleted scenarios, restorable until purged (EDITOR).' })
  async deletedScenarios(@Root() library: Library, @Ctx() ctx: Context, @Args(() => ScenarioPageArgs) args: ScenarioPageArgs) {
    return toConnection(
      await listScenarios(ctx.db, ctx.viewer, { ...args, libraryId: library.id, deleted: true, ofDeletedLibrary: library.deletedAt != null }),
      ctx,
    );
  }

  @FieldResolver(() => [Hardware], { description: 'Accelerators this library defines, usable by its scenarios only.' })
  async hardware(@Root() library: Library, @Ctx() ctx: Context) {
    return (await ctx.libraries.load(library.id))?.hardware ?? [];
  }

  @FieldResolver(() => [LibraryMember], { description: 'Members and roles (visible to members).' })
  members(@Root() library: Library, @Ctx() ctx: Context) {
    return libraries.listMembers(ctx.db, ctx.viewer, library.id);
  }

  @FieldResolver(() => LibraryRole, { nullable: true, description: 'Your role here; null when you read it as a non-member.' })
  myRole(@Root() library: Library, @Ctx() ctx: Context) {
    return libraries.myRole(ctx.db, ctx.viewer, library.id);
  }
}
