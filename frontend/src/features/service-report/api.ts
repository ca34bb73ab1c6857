// The service report through the API: the figures of the cases opened in a period, by owner,
// queue, product, case type or period.
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';

export type ServiceReport = Schemas['ServiceReport'];
export type ServiceReportRow = Schemas['ServiceReportRow'];
export type ServiceFigures = Schemas['ServiceFigures'];
export type GroupBy = Schemas['GroupBy'];

export function useServiceReport(groupBy: GroupBy, from: string, to: string) {
  return useQuery({
    queryKey: ['cases', 'report', groupBy, from, to],
    queryFn: () => unwrap(api.GET('/api/v1/reports/service', { params: { query: { group_by: groupBy, from, to } } })),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
