import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Visibility } from './enums';

@ObjectType({ description: 'A shared collection of scenarios.' })
export class Library {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'Stable key of a built-in library ("examples").' }) key: string | null;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => Visibility) visibility: Visibility;
  @Field(() => Boolean, { description: 'Built-in libraries are read-only: fork to edit.' }) readOnly: boolean;
  @Field(() => Date) createdAt: Date;
}

@InputType()
export class CreateLibraryInput {
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Visibility, { nullable: true, description: 'Default PRIVATE.' }) visibility?: Visibility | null;
}
