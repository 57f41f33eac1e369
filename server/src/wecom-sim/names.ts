/**
 * Word pools for the demo corp: Chinese names, WeChat nicknames, companies, remarks. Kept apart
 * from the generator because they are data, not logic, and so the pools can grow without
 * touching the code that draws from them. Surnames are ordered roughly by real frequency and
 * the generator favours the front of the list; nicknames mimic what sales teams actually see
 * in WeChat (phrases, emoji, English names, "王哥-建材"), because a demo full of tidy
 * three-character names looks fake.
 */

/** Common surnames, most frequent first. */
export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何',
  '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田',
  '董', '袁', '潘', '于', '蒋', '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚',
  '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金', '石', '廖', '贾', '夏', '韦', '付', '方', '白',
  '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '闫', '段', '雷', '侯', '龙', '史', '陶', '黎', '贺',
  '顾', '毛', '郝', '龚', '邵', '万', '钱', '严', '覃', '武', '戴', '莫', '孔', '向', '汤', '欧阳', '上官',
] as const

export const MALE_GIVEN = [
  '伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '飞', '鑫',
  '波', '斌', '宇', '浩', '凯', '健', '俊', '帆', '旭', '宁', '峰', '建国', '志强', '建华', '海涛',
  '文博', '子轩', '浩然', '宇航', '俊杰', '家豪', '天佑', '子豪', '明轩', '嘉伟', '振宇', '国栋',
  '永刚', '晓东', '立新', '少华', '德明', '一鸣', '思远', '梓睿', '博文', '云龙',
] as const

export const FEMALE_GIVEN = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '婷', '雪', '琳', '晶', '颖', '倩', '玲', '萍', '燕',
  '洁', '慧', '莉', '璐', '瑶', '楠', '丹', '秀英', '欣怡', '梓涵', '雨桐', '诗涵', '子涵', '佳怡',
  '思琪', '欣妍', '雅琪', '晓燕', '丽华', '美玲', '海燕', '春梅', '婉清', '若曦', '梦瑶', '雨欣',
  '晓雯', '佳琪', '静怡', '紫萱', '一诺', '可馨', '语嫣',
] as const

/** WeChat nicknames as customers set them; some carry emoji or a trade hint. */
export const NICKNAMES = [
  '天马湖', '漠然', '雨后的天空', '阿树', '薛定谔的猫', '简单就好', '岁月静好', '追风少年', '海阔天空',
  '一叶知秋', '小鱼儿', '向日葵', '晴天', '随遇而安', '平安是福', '知足常乐', '风轻云淡', '奔跑的蜗牛',
  '橙子', '大白', '老张', '木子李', '阿杰', '小王同学', '清风徐来', '静待花开', '听海', '星辰大海',
  '花开半夏', '南风', '北岛', '浅笑安然', '不忘初心', '好运来', '阳光总在风雨后', '一路向北', '水滴石穿',
  '山高水长', '茶香', '稻草人', '梦想家', '慢慢来', '自在', '微笑', '初心', '远方', '夏天的风', '九月',
  '月亮', '麦兜', '可乐加冰', '咖啡不加糖', '🌸花花', '小确幸✨', '🍀幸运草', '守望者', '老李头',
  'A.李总', '张姐(装修)', '王哥-建材', '刘工｜设备', '陈会计', '胖虎', '土豆🥔', '大海', '阿May',
] as const

export const ENGLISH_NAMES = [
  'Emily', 'Kevin', 'Jason', 'Lily', 'Tony', 'Grace', 'Vivian', 'Leo', 'Amy', 'Sunny', 'David', 'Cathy',
  'Jack', 'Coco', 'Eric', 'Helen', 'Frank', 'Iris', 'Peter', 'Nina',
] as const

/** How people address a customer in a staff remark or a nickname: 李总, 王姐. */
export const ADDRESS_SUFFIXES = ['总', '姐', '哥', '老师', '经理', '工'] as const

export const CITIES = [
  '深圳', '上海', '杭州', '广州', '北京', '成都', '苏州', '南京', '武汉', '厦门', '长沙', '西安', '重庆',
  '宁波', '东莞', '佛山', '青岛', '合肥',
] as const

export const BRAND_WORDS = [
  '华远', '恒信', '创联', '腾跃', '瑞丰', '汇通', '博雅', '嘉禾', '锦程', '中科', '新业', '德润', '远景',
  '鼎盛', '聚力', '卓越', '盛世', '宏图', '明德', '云启', '星辰', '凯达', '天成', '金桥', '同创', '易达',
  '百川', '长风', '优品', '领航',
] as const

/** Trade of a company, and the 行业 tag it most likely carries. */
export const TRADES = [
  ['科技', '互联网'],
  ['信息技术', '互联网'],
  ['软件', '互联网'],
  ['电子', '制造业'],
  ['智能制造', '制造业'],
  ['建材', '制造业'],
  ['医疗器械', '医疗健康'],
  ['生物科技', '医疗健康'],
  ['教育咨询', '教育培训'],
  ['培训学校', '教育培训'],
  ['商贸', '零售电商'],
  ['电子商务', '零售电商'],
  ['投资管理', '金融'],
  ['物流', '物流运输'],
  ['文化传媒', '文化传媒'],
] as const

export const COMPANY_FORMS = ['有限公司', '有限公司', '有限公司', '股份有限公司', '有限责任公司'] as const

export const POSITIONS = [
  '采购经理', '总经理', '技术总监', '行政主管', '运营负责人', '市场经理', '财务经理', '项目经理',
  '产品经理', '董事长助理', '店长', '人事经理', 'IT主管', '销售总监', '创始人',
] as const

/** What a sales rep writes in a customer's description (描述). */
export const DESCRIPTIONS = [
  '对年度套餐感兴趣，约下周二回访',
  '已报价，等待对方内部审批',
  '展会上认识，关注数据安全',
  '老客户转介绍，需重点跟进',
  '价格敏感，需申请优惠',
  '需要专票，走对公转账',
  '决策人是老板，本人负责对接',
  '试用中，反馈不错',
  '暂无需求，季度回访',
  '竞品在用，合同年底到期',
  '要求上门演示，已约时间',
  '预算已批，下月采购',
  '只咨询了价格，未留需求',
  '对售后响应速度有顾虑',
] as const

/** 「联系我」channel codes (state) the demo corp printed on QR codes. */
export const CHANNEL_STATES = ['exhibition2025', 'website', 'wechat_ad', 'poster_0618', 'offline_salon', 'referral'] as const

/** Group chat name templates; `{c}` a city, `{b}` a brand, `{n}` a number. */
export const GROUP_CHAT_NAMES = [
  '{b}项目对接群', '{c}客户交流群', '老客户福利群{n}', '新品体验官{n}群', 'VIP客户服务群', '{b}售后服务群',
  '{c}展会客户群', '产品答疑{n}群',
] as const

export const GROUP_NOTICES = ['欢迎加入，有问题随时@群主', '本群仅用于业务沟通，请勿发广告', ''] as const
