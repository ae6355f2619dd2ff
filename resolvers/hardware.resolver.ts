import { Query, Resolver } from 'type-graphql';
import { GPT3_FLOPS, HARDWARE_CATALOG, PF_DAY_FLOPS, REFERENCE_BUDGETS, REFERENCE_MODELS } from '../src/core';
import { Hardware, ReferenceBudget, ReferenceModel } from './hardware.type';

@Resolver(() => Hardware)
export class HardwareResolver {
  @Query(() => [Hardware], { description: 'The accelerator catalog: dense peaks per precision, memory and its bandwidth, TDP, price, sources.' })
  hardware() {
    return HARDWARE_CATALOG;
  }

  @Query(() => [ReferenceModel], { description: 'Published training runs (GPT-3, Chinchilla, PaLM, Llama, GPT-4 estimate…).' })
  referenceModels() {
    return REFERENCE_MODELS.map((m) => ({ ...m, pfDays: m.flops / PF_DAY_FLOPS, ratioVsGPT3: m.flops / GPT3_FLOPS }));
  }

  @Query(() => [ReferenceBudget], {
    description: 'Published image and video training budgets in GPU-hours or dollars (PixArt-α, Open-Sora 1.2 and 2.0, Sora outside estimate, SVD).',
  })
  referenceBudgets() {
    return REFERENCE_BUDGETS;
  }
}
