import type { LoginRole } from '../auth/entities/user.entity.js';
import type { ProcuratorateLevel } from './entities/procuratorate.entity.js';

/**
 * The demo procuratorates and users `npm run seed` creates (README, "Accountability"). Two
 * provinces, so a case of one branch can be seen to be invisible to the other; Guangdong is set
 * to need the upper procuratorate's approval for a lawsuit.
 */
export const DEMO_PASSWORD = 'Demo#2025';

export interface DemoProcuratorate {
  code: string;
  name: string;
  level: ProcuratorateLevel;
  parent: string; // code; 'SPP' is 最高人民检察院, created by the migration
  lawsuitNeedsUpperApproval?: boolean;
}

export const DEMO_PROCURATORATES: readonly DemoProcuratorate[] = [
  {
    code: 'GD',
    name: '广东省人民检察院',
    level: 'provincial',
    parent: 'SPP',
    lawsuitNeedsUpperApproval: true,
  },
  { code: 'GD-GZ', name: '广州市人民检察院', level: 'city', parent: 'GD' },
  { code: 'GD-GZ-TH', name: '广州市天河区人民检察院', level: 'basic', parent: 'GD-GZ' },
  { code: 'GD-GZ-YX', name: '广州市越秀区人民检察院', level: 'basic', parent: 'GD-GZ' },
  { code: 'ZJ', name: '浙江省人民检察院', level: 'provincial', parent: 'SPP' },
  { code: 'ZJ-HZ', name: '杭州市人民检察院', level: 'city', parent: 'ZJ' },
  { code: 'ZJ-HZ-XH', name: '杭州市西湖区人民检察院', level: 'basic', parent: 'ZJ-HZ' },
];

export interface DemoUser {
  username: string;
  displayName: string;
  role: LoginRole;
  procuratorate: string; // code
}

const office = (prefix: string, code: string, place: string): DemoUser[] => [
  {
    username: `${prefix}.prosecutor`,
    displayName: `${place}承办检察官`,
    role: 'prosecutor',
    procuratorate: code,
  },
  {
    username: `${prefix}.prosecutor2`,
    displayName: `${place}检察官二`,
    role: 'prosecutor',
    procuratorate: code,
  },
  {
    username: `${prefix}.head`,
    displayName: `${place}部门负责人`,
    role: 'department_head',
    procuratorate: code,
  },
  {
    username: `${prefix}.chief`,
    displayName: `${place}检察长`,
    role: 'chief_prosecutor',
    procuratorate: code,
  },
  {
    username: `${prefix}.deputy`,
    displayName: `${place}副检察长`,
    role: 'chief_prosecutor',
    procuratorate: code,
  },
  {
    username: `${prefix}.supervisor`,
    displayName: `${place}案件管理`,
    role: 'supervisor',
    procuratorate: code,
  },
];

export const DEMO_USERS: readonly DemoUser[] = [
  ...office('th', 'GD-GZ-TH', '天河区院'),
  ...office('yx', 'GD-GZ-YX', '越秀区院'),
  ...office('gz', 'GD-GZ', '广州市院'),
  {
    username: 'gz.upper',
    displayName: '广州市院(上级院审批)',
    role: 'upper_procuratorate',
    procuratorate: 'GD-GZ',
  },
  {
    username: 'gd.upper',
    displayName: '广东省院(上级院审批)',
    role: 'upper_procuratorate',
    procuratorate: 'GD',
  },
  { username: 'gd.supervisor', displayName: '广东省院案件管理', role: 'supervisor', procuratorate: 'GD' },
  ...office('xh', 'ZJ-HZ-XH', '西湖区院'),
  {
    username: 'hz.upper',
    displayName: '杭州市院(上级院审批)',
    role: 'upper_procuratorate',
    procuratorate: 'ZJ-HZ',
  },
  { username: 'spp.supervisor', displayName: '最高检案件管理', role: 'supervisor', procuratorate: 'SPP' },
];
