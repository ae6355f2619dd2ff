import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LibraryRole, Visibility } from './enums';
import { User } from './user.type';

@ObjectType({ simpleResolvers: true, description: 'A shared collection of scenarios.' })
export class Library {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'Stable key of a built-in library ("examples").' }) key: string | null;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => Visibility) visibility: Visibility;
  @Field(() => Boolean, { description: 'Built-in libraries are read-only: fork to edit.' }) readOnly: boolean;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When its owner deleted it (deleteLibrary); null while it is live.' }) deletedAt: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class LibraryMember {
  @Field(() => User) user: User;
  @Field(() => LibraryRole) role: LibraryRole;
  @Field(() => Date) createdAt: Date;
}

@InputType()
export class CreateLibraryInput {
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Visibility, { nullable: true, description: 'Default PRIVATE.' }) visibility?: Visibility | null;
}

@InputType()
export class UpdateLibraryInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Visibility, { nullable: true }) visibility?: Visibility | null;
}

@InputType({ description: 'Dense peak TFLOP/s per precision; leave out what is not published.' })
export class PeakTflopsInput {
  @Field(() => Float, { nullable: true }) FP32?: number | null;
  @Field(() => Float, { nullable: true }) TF32?: number | null;
  @Field(() => Float, { nullable: true }) BF16?: number | null;
  @Field(() => Float, { nullable: true }) FP16?: number | null;
  @Field(() => Float, { nullable: true }) FP8?: number | null;
}

@InputType({ description: 'An accelerator for one library: a new device, or a catalog key with a negotiated price.' })
export class HardwareInput {
  @Field(() => String) key: string;
  @Field(() => String) name: string;
  @Field(() => PeakTflopsInput) peakTflops: PeakTflopsInput;
  @Field(() => Float, { nullable: true }) memoryGB?: number | null;
  @Field(() => Float, { nullable: true }) tdpWatts?: number | null;
  @Field(() => Float, { nullable: true }) pricePerGpuHour?: number | null;
  @Field(() => String, { nullable: true, description: 'Where the figures come from.' }) source?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class ImportResult {
  @Field(() => Int, { description: 'Scenarios created.' }) scenarios: number;
  @Field(() => Int, { description: 'Custom accelerators added (one the library already defines the same way is not counted).' }) hardware: number;
  @Field(() => Int, { description: 'Scenarios left out as duplicates (onDuplicate SKIP): the library already held them live, same name and same input.' })
  skipped: number;
}
