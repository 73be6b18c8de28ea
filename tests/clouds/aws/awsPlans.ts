/** AWS plans on a chosen day, with the Pulumi log warnings they emit. */
import * as pulumi from "@pulumi/pulumi";
import { planStack, type PlannedStack } from "../../../automation/planStack";
import { eksCalendar } from "../../../components/config/clouds/aws";

export interface DatedPlan extends PlannedStack {
    warnings: string[];
}

/** Plans with "today" set to `day` (not cached: the clock is not part of the plan cache key). */
export async function planOn(day: Date, stack: string, overrides?: Record<string, unknown>): Promise<DatedPlan> {
    const warnings: string[] = [];
    const realToday = eksCalendar.today;
    const realWarn = pulumi.log.warn;
    eksCalendar.today = () => day;
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message: string) => {
        warnings.push(message);
    };
    try {
        return { ...(await planStack({ stack, overrides })), warnings };
    } finally {
        eksCalendar.today = realToday;
        (pulumi.log as { warn: typeof pulumi.log.warn }).warn = realWarn;
    }
}

export function warningsOf(p: DatedPlan): string[] {
    return p.warnings.filter((w) => w.startsWith("EKS "));
}
