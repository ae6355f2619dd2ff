import { Field, ID, Int, ObjectType } from 'type-graphql';
import { COUNT_BOUND } from '../src/services/scenario.service';
import type { ScenarioPage } from '../src/services/scenario.service';
import { ScenarioSpecType } from './scenario.input';
import { User } from './user.type';

@ObjectType({ simpleResolvers: true, description: 'A saved training-run scenario. Its estimate is computed on read, never stored.' })
export class Scenario {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => [String]) tags: string[];
  @Field(() => Int, { description: 'Starts at 1; each update adds 1. Pass it as expectedVersion to update.' }) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  libraryId: string;
  createdById: string | null;
  forkedFromId: string | null;
  input: unknown;
}

@ObjectType({ simpleResolvers: true, description: 'One version of a scenario, as it was saved.' })
export class ScenarioRevision {
  @Field(() => Int) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => User, { nullable: true }) author: User | null;
  @Field(() => String, { nullable: true, description: 'The change note its author gave (updateScenario or restoreScenarioRevision `note`); null when none.' })
  note: string | null;
  @Field(() => ScenarioSpecType, { nullable: true, description: 'As stored; null, with its STORED_INPUT_INVALID error, as Scenario.input.' })
  input: ScenarioSpecType | null;
}

@ObjectType({ simpleResolvers: true })
export class ScenarioEdge {
  @Field(() => String) cursor: string;
  @Field(() => Scenario) node: Scenario;
}

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => Boolean, { description: 'Always false: pages go forward only (keyset).' }) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A Relay connection, in the order asked for (by creation when none: keyset on id).' })
export class ScenarioConnection {
  @Field(() => [ScenarioEdge]) edges: ScenarioEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  page: ScenarioPage;

  @Field(() => Int, {
    description:
      "Scenarios matching the filter, on all pages (counted only when asked for). Without a filter, the library's own counter (exact, one row read); " +
      `with one, counted up to ${COUNT_BOUND.toLocaleString('en-US')}: past that it is ${COUNT_BOUND.toLocaleString('en-US')}, a lower bound, and totalCountIsExact is false.`,
  })
  async totalCount(): Promise<number> {
    return (await this.page.totalCount()).count;
  }

  @Field(() => Boolean, { description: 'Whether totalCount is the exact count (true) or a lower bound (false: more rows match than were counted).' })
  async totalCountIsExact(): Promise<boolean> {
    return (await this.page.totalCount()).exact;
  }
}
